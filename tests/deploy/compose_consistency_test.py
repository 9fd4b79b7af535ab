#!/usr/bin/env python3
"""deploy/docker-compose.yml agrees with the Dockerfile, the daemon and the repository.

Usage: compose_consistency_test.py REPO_ROOT [NEWSWIRED_BINARY]

Compose files drift silently: a renamed volume path, a port changed in one place, an
environment variable the daemon never reads, a mounted file that moved. Each is checked here
against its source of truth; with the binary, the config the service runs is validated by
`newswired check-config` too. Every problem is listed, then the exit status is 1.
"""
import json
import pathlib
import posixpath
import re
import shlex
import subprocess
import sys

import yaml

problems = []
checks = 0


def check(ok, message):
    global checks
    checks += 1
    if not ok:
        problems.append(message)
    return ok


def runtime_stage(dockerfile):
    """VOLUME, EXPOSE, ENV and ENTRYPOINT of the last stage (the image that runs)."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    stage = {"VOLUME": [], "EXPOSE": [], "ENV": {}, "ENTRYPOINT": None}
    for line in text.splitlines():
        words = line.strip().split(None, 1)
        if not words or words[0].startswith("#"):
            continue
        op, rest = words[0].upper(), words[1] if len(words) > 1 else ""
        if op == "FROM":
            stage = {"VOLUME": [], "EXPOSE": [], "ENV": {}, "ENTRYPOINT": None}
        elif op == "VOLUME":
            stage["VOLUME"] += json.loads(rest) if rest.startswith("[") else rest.split()
        elif op == "EXPOSE":
            stage["EXPOSE"] += [p.split("/")[0] for p in rest.split()]
        elif op == "ENV":
            pairs = shlex.split(rest)
            if pairs and "=" not in pairs[0]:  # legacy form: ENV NAME value
                stage["ENV"][pairs[0]] = " ".join(pairs[1:])
            else:
                stage["ENV"].update(p.split("=", 1) for p in pairs)
        elif op == "ENTRYPOINT":
            stage["ENTRYPOINT"] = json.loads(rest)
    return stage


def env_names_read_by_daemon(config_dir):
    """Exact NEWSWIRED_* names the config loader takes, and the prefixes it maps."""
    exact, prefixes = set(), set()
    for source in config_dir.glob("*.cc"):
        text = source.read_text()
        exact |= set(re.findall(r'take\("(NEWSWIRED_[A-Z0-9_]+)"', text))
        prefixes |= set(re.findall(r'"(NEWSWIRED_[A-Z0-9_]+_)"', text))
    return exact, prefixes


def as_dict(environment):
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {k: str(v) for k, v in (environment or {}).items()}


def bind_mounts(service, compose_dir, named_volumes):
    """(host path, container path) of each bind mount; named volumes apart."""
    binds, named = [], []
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source in named_volumes:
            named.append((source, target))
        else:
            binds.append(((compose_dir / source).resolve(), target))
    return binds, named


def host_path(container_path, binds):
    """The repository file a container path comes from, through the bind mounts."""
    for host, target in sorted(binds, key=lambda b: -len(b[1])):
        if container_path == target:
            return host
        if container_path.startswith(target.rstrip("/") + "/"):
            return host / posixpath.relpath(container_path, target)
    return None


def container_port(mapping):
    return str(mapping).split(":")[-1].split("/")[0]


def listen_port(listen):
    return listen.rsplit(":", 1)[-1]


def check_newswired(svc, compose, compose_dir, repo, daemon):
    image = runtime_stage(repo / "deploy" / "Dockerfile")
    env = as_dict(svc.get("environment"))
    binds, named = bind_mounts(svc, compose_dir, compose.get("volumes") or {})

    # State: the named volume sits where the image declares its VOLUME and the state dir.
    check(len(image["VOLUME"]) == 1, f"Dockerfile VOLUME: expected one, found {image['VOLUME']}")
    state_targets = [t for _, t in named]
    check(state_targets == image["VOLUME"],
          f"newswired volume targets {state_targets} != Dockerfile VOLUME {image['VOLUME']}")
    for where, value in (("compose", env.get("NEWSWIRED_STATE_DIR")),
                         ("Dockerfile ENV", image["ENV"].get("NEWSWIRED_STATE_DIR"))):
        check(value in image["VOLUME"],
              f"NEWSWIRED_STATE_DIR in {where} is {value!r}, the volume is {image['VOLUME']}")

    # Metrics: published port = EXPOSE = the port the daemon listens on, on all interfaces
    # (127.0.0.1 inside a container is unreachable for Prometheus).
    ports = [container_port(p) for p in svc.get("ports", [])]
    check(ports == image["EXPOSE"], f"newswired ports {ports} != Dockerfile EXPOSE {image['EXPOSE']}")
    for where, listen in (("compose", env.get("NEWSWIRED_METRICS_LISTEN")),
                          ("Dockerfile ENV", image["ENV"].get("NEWSWIRED_METRICS_LISTEN"))):
        if check(listen is not None, f"NEWSWIRED_METRICS_LISTEN missing in {where}"):
            check(listen_port(listen) in image["EXPOSE"],
                  f"NEWSWIRED_METRICS_LISTEN in {where} is {listen}, EXPOSE is {image['EXPOSE']}")
            check(listen.rsplit(":", 1)[0] in ("0.0.0.0", "[::]", ""),
                  f"NEWSWIRED_METRICS_LISTEN in {where} ({listen}) is not reachable from other containers")

    # Environment: only names the config loader reads.
    exact, prefixes = env_names_read_by_daemon(repo / "daemon" / "config")
    check(exact, "no NEWSWIRED_* variables found in daemon/config: the loader changed shape")
    for where, names in (("compose", env), ("Dockerfile ENV", image["ENV"])):
        for name in names:
            if name.startswith("NEWSWIRED_"):
                known = name in exact or any(name.startswith(p) and name != p for p in prefixes)
                check(known, f"{name} ({where}) is not read by daemon/config (it reads "
                             f"{sorted(exact)} and {sorted(prefixes)}*)")

    # Kafka: each broker is a compose service advertising that address.
    for broker in env.get("NEWSWIRED_KAFKA_BROKERS", "").split(","):
        host = broker.split(":")[0]
        if check(host in compose["services"], f"NEWSWIRED_KAFKA_BROKERS names {host}, no such service"):
            advertised = as_dict(compose["services"][host].get("environment")).get(
                "KAFKA_ADVERTISED_LISTENERS", "")
            check(f"//{broker}" in advertised,
                  f"broker {broker} is not in {host}'s KAFKA_ADVERTISED_LISTENERS ({advertised})")

    # The config the command names comes from the mounted configs folder, and is valid.
    command = svc.get("command") or []
    check(image["ENTRYPOINT"] and image["ENTRYPOINT"][0].endswith("newswired"),
          f"Dockerfile ENTRYPOINT {image['ENTRYPOINT']} is not newswired")
    if check("--config" in command, f"newswired command {command} names no --config"):
        config = command[command.index("--config") + 1]
        source = host_path(config, binds)
        if check(source is not None and source.is_file(),
                 f"{config} is not in a mounted folder of the repository (found {source})"):
            if daemon:
                run = subprocess.run([daemon, "check-config", str(source)], capture_output=True, text=True)
                check(run.returncode == 0, f"newswired check-config {source}: {run.stdout}{run.stderr}")
    return ports


def check_prometheus(svc, compose, compose_dir, newswired_ports):
    binds, _ = bind_mounts(svc, compose_dir, compose.get("volumes") or {})
    config_path = "/etc/prometheus/prometheus.yml"  # the image's default --config.file
    for arg in svc.get("command") or []:
        if arg.startswith("--config.file="):
            config_path = arg.split("=", 1)[1]
    config_file = host_path(config_path, binds)
    if not check(config_file is not None and config_file.is_file(),
                 f"Prometheus config {config_path} is not mounted from the repository"):
        return None
    config = yaml.safe_load(config_file.read_text())
    targets = [t for job in config.get("scrape_configs", []) for sc in job.get("static_configs", [])
               for t in sc.get("targets", [])]
    wanted = [f"newswired:{p}" for p in newswired_ports]
    check(wanted and all(t in targets for t in wanted),
          f"Prometheus scrapes {targets}, not {wanted} (the newswired service and its port)")
    for rule_file in config.get("rule_files", []):
        in_container = posixpath.join(posixpath.dirname(config_path), rule_file)
        mounted = host_path(in_container, binds)
        check(mounted is not None and mounted.is_file(),
              f"rule file {rule_file} ({in_container}) is not mounted from the repository")
        check((config_file.parent / rule_file).is_file(),
              f"rule file {rule_file} does not exist next to {config_file}")
    check(config.get("rule_files"), f"{config_file} loads no rule_files")
    return config_file


def check_grafana(svc, compose, compose_dir):
    check(str(svc.get("image", "")).startswith("grafana/grafana"), f"grafana image is {svc.get('image')}")
    binds, _ = bind_mounts(svc, compose_dir, compose.get("volumes") or {})
    provisioning = host_path("/etc/grafana/provisioning", binds)
    if not check(provisioning is not None and provisioning.is_dir(),
                 "/etc/grafana/provisioning is not mounted from a folder of the repository"):
        return
    prometheus_port = container_port((compose["services"]["prometheus"].get("ports") or ["9090"])[0])
    sources = [ds for f in sorted(provisioning.glob("datasources/*.y*ml"))
               for ds in yaml.safe_load(f.read_text()).get("datasources", [])]
    check(any(ds.get("type") == "prometheus" and ds.get("url") == f"http://prometheus:{prometheus_port}"
              for ds in sources),
          f"no provisioned prometheus datasource at http://prometheus:{prometheus_port} "
          f"(provisioned: {[ds.get('url') for ds in sources]})")
    providers = [p for f in sorted(provisioning.glob("dashboards/*.y*ml"))
                 for p in yaml.safe_load(f.read_text()).get("providers", [])]
    check(providers, f"no dashboard provider in {provisioning}/dashboards")
    for provider in providers:
        path = provider.get("options", {}).get("path", "")
        dashboards = [host for host, target in binds
                      if (target == path or target.startswith(path.rstrip("/") + "/"))]
        files = [f for d in dashboards for f in ([d] if d.is_file() else d.glob("*.json"))]
        if check(files, f"dashboard provider {provider.get('name')}: nothing mounted at {path}"):
            for f in files:
                check("uid" in json.loads(f.read_text()), f"{f} is not a dashboard model (no uid)")


def main():
    repo = pathlib.Path(sys.argv[1]).resolve()
    daemon = sys.argv[2] if len(sys.argv) > 2 else None
    compose_file = repo / "deploy" / "docker-compose.yml"
    compose = yaml.safe_load(compose_file.read_text())
    compose_dir = compose_file.parent
    services = compose["services"]
    for name in ("newswired", "prometheus", "grafana"):
        check(name in services, f"docker-compose.yml has no {name} service")
    if problems:
        print("\n".join(problems))
        return 1

    for name, svc in services.items():
        binds, _ = bind_mounts(svc, compose_dir, compose.get("volumes") or {})
        for host, target in binds:
            check(host.exists(), f"{name}: mounts {host} at {target}, which does not exist")
    ports = check_newswired(services["newswired"], compose, compose_dir, repo, daemon)
    check_prometheus(services["prometheus"], compose, compose_dir, ports)
    check_grafana(services["grafana"], compose, compose_dir)

    for p in problems:
        print("FAIL:", p)
    print(f"{checks} checks, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
