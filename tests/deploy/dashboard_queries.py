#!/usr/bin/env python3
"""Every query of the Grafana dashboard runs on a live Prometheus and names exported metrics.

Usage: dashboard_queries.py DASHBOARD_JSON PROMETHEUS_URL METRICS_TEXT METRICS_CC

Grafana's variables are substituted the way Grafana would ($source as the "All" regex,
$__rate_interval and friends as durations), each expression is evaluated through the HTTP
query API (a parse error fails), and the metric names in it must appear in the daemon's
/metrics page (METRICS_TEXT, as scraped). The few that only a broker fault can create are
listed below, and must at least be registered in METRICS_CC. Exit 1 listing every problem.
"""
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

# What Grafana puts in for its built-in variables; 1m covers 4 scrapes at the 15 s interval
# of the compose Prometheus and many more at the test's 1 s.
GRAFANA_VARIABLES = {
    "__rate_interval": "1m",
    "__interval": "15s",
    "__interval_ms": "15000",
    "__range": "1h",
    "__range_s": "3600",
    "__range_ms": "3600000",
}

# The daemon exports a series once it counted something; these need a failing Kafka
# transaction to be counted, which the embedded broker cannot be made to produce.
ONLY_AFTER_A_BROKER_FAULT = {"newswired_transaction_troubles_total"}

# Words of PromQL that look like metric names but are not.
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
            "unless", "offset", "inf", "nan", "atan2", "start", "end"}


def substitute(expr, all_value):
    def value(name):
        return GRAFANA_VARIABLES.get(name, all_value)
    expr = re.sub(r"\$\{(\w+)(?::\w+)?\}", lambda m: value(m.group(1)), expr)
    return re.sub(r"\$(\w+)", lambda m: value(m.group(1)), expr)


def metric_names(expr):
    """Metric names in a PromQL expression: the identifiers that are neither functions nor
    keywords, with strings, label matchers, grouping label lists and durations taken out."""
    names = set(re.findall(r'__name__\s*=\s*"([^"]+)"', expr))
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    expr = re.sub(r"\{[^}]*\}", " ", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    expr = re.sub(r"\[[^\]]*\]", " ", expr)
    for match in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?", expr):
        word, call = match.group(1), match.group(2)
        if not call and word not in KEYWORDS:
            names.add(word)
    return names


def exported_names(metrics_text):
    """Sample names on the page, plus each family's name from its TYPE line (a family with
    no sample yet still tells what the daemon exports)."""
    names = set()
    for line in metrics_text.splitlines():
        if line.startswith("# TYPE "):
            family, kind = line.split()[2:4]
            names.add(family)
            if kind in ("histogram", "summary"):
                names |= {family + "_bucket", family + "_sum", family + "_count"}
        elif line and not line.startswith("#"):
            names.add(re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0))
    return names


def panels_of(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])  # collapsed rows keep theirs inside


def queries_of(dashboard):
    """(where, PromQL) for every panel target and every query variable."""
    for panel in panels_of(dashboard):
        for target in panel.get("targets", []):
            if target.get("expr"):
                yield f"panel '{panel.get('title')}' {target.get('refId')}", target["expr"]
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            query = variable.get("query")
            query = query.get("query") if isinstance(query, dict) else query
            yield f"variable ${variable['name']}", query


def model_problems(dashboard):
    """What Grafana needs to import and provision the model, and what operators rely on: a
    datasource variable every panel uses, and the source variable."""
    problems = []
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    datasource = variables.get("datasource", {})
    if datasource.get("type") != "datasource" or datasource.get("query") != "prometheus":
        problems.append("no `datasource` variable of type datasource/prometheus")
    source = variables.get("source", {})
    query = source.get("query")
    query = query.get("query") if isinstance(query, dict) else query
    if source.get("type") != "query" or not str(query).startswith("label_values("):
        problems.append("no `source` variable from label_values(...)")
    if not dashboard.get("uid") or not dashboard.get("title"):
        problems.append("the dashboard has no uid or title")
    ids = [p.get("id") for p in panels_of(dashboard)]
    if len(ids) != len(set(ids)) or None in ids:
        problems.append(f"panel ids missing or repeated: {ids}")
    for panel in panels_of(dashboard):
        grid = panel.get("gridPos", {})
        if grid.get("x", 0) + grid.get("w", 0) > 24 or not grid.get("h"):
            problems.append(f"panel '{panel.get('title')}' does not fit the 24-column grid: {grid}")
        if panel.get("type") != "row" and panel.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"panel '{panel.get('title')}' does not use the $datasource variable")
    return problems


def evaluate(prometheus, expr):
    """Evaluates a query or label_values() variable; returns (series count, error)."""
    label_values = re.fullmatch(r"\s*label_values\((?:(.*),\s*)?(\w+)\)\s*", expr)
    if label_values:
        selector, label = label_values.groups()
        url = f"{prometheus}/api/v1/label/{label}/values"
        if selector:
            url += "?" + urllib.parse.urlencode({"match[]": selector})
    else:
        url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = json.load(response)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    if body.get("status") != "success":
        return 0, f"{body.get('errorType')}: {body.get('error')}"
    data = body["data"]
    return len(data if label_values else data["result"]), None


def main():
    dashboard = json.load(open(sys.argv[1]))
    prometheus = sys.argv[2].rstrip("/")
    exported = exported_names(open(sys.argv[3]).read())
    registered = set(re.findall(r'\.Name\("(\w+)"\)', open(sys.argv[4]).read()))
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    all_value = variables["source"].get("allValue") or ".*"

    problems, empty, with_data, total = model_problems(dashboard), [], 0, 0
    for name in sorted(ONLY_AFTER_A_BROKER_FAULT - exported):
        if name not in registered:
            problems.append(f"{name} is neither on /metrics nor registered in {sys.argv[4]}")
        exported.add(name)
    for where, raw in queries_of(dashboard):
        total += 1
        expr = substitute(raw, all_value)
        if "$" in expr:
            problems.append(f"{where}: a variable is left unsubstituted: {expr}")
            continue
        probe = expr
        label_values = re.fullmatch(r"\s*label_values\((.*),\s*\w+\)\s*", expr)
        if label_values:
            probe = label_values.group(1)
        missing = sorted(n for n in metric_names(probe) if n not in exported)
        if missing:
            problems.append(f"{where}: not on the daemon's /metrics: {', '.join(missing)}")
        series, error = evaluate(prometheus, expr)
        if error:
            problems.append(f"{where}: Prometheus refused it: {error}\n    {expr}")
        elif series == 0:
            empty.append(where)
        else:
            with_data += 1
        print(f"{series:4d} series  {where}")

    print(f"{total} queries, {with_data} answered with data, "
          f"{len(empty)} empty (nothing of the kind happened yet), {len(problems)} problems")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
