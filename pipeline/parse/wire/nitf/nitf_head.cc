#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/normalize/text_clean.h"
#include "pipeline/parse/wire/nitf/nitf_story.h"

namespace newswired::nitf {

void StoryReader::read_head(pugi::xml_node head) {
  for (pugi::xml_node child : head.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "title") {
      keep_first(head_title_, xml::text(child));
    } else if (local == "tobject") {
      read_tobject(child);
    } else if (local == "docdata") {
      read_docdata(child);
    } else if (local == "pubdata") {
      read_pubdata(child);
    } else if (local == "urgency") {
      // Beside docdata rather than in it, as some agencies place it.
      keep_first(wire_.urgency, attr(child, "ed-urg"));
    }
  }
}

// tobject.subject holds an IPTC Subject Code (eight digits, "subj:" in NewsML-G2), unless its
// information provider reference names another scheme.
void StoryReader::read_tobject(pugi::xml_node tobject) {
  for (pugi::xml_node child : tobject.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "tobject.property") {
      keep_first(wire_.genre, attr(child, "tobject.property.type"));
    } else if (local == "tobject.subject") {
      const std::string refnum = attr(child, "tobject.subject.refnum");
      const std::string ipr = attr(child, "tobject.subject.ipr");
      RawSubject subject;
      if (!refnum.empty()) {
        subject.qcode =
            ipr.empty() || to_lower_ascii(ipr) == "iptc" ? "subj:" + refnum : coded(ipr, refnum);
      }
      // The most specific of the three tiers that is named.
      for (const char* tier :
           {"tobject.subject.detail", "tobject.subject.matter", "tobject.subject.type"}) {
        keep_first(subject.name, attr(child, tier));
      }
      if (subject.qcode.empty() && subject.name.empty()) continue;
      subject.kind = "topic";
      wire_.subjects.push_back(std::move(subject));
    }
  }
}

// NITF's management-status: usable, embargoed, withheld or canceled. An embargoed document is
// not to be published yet, which is what "withheld" says to the rest of the pipeline; kills
// written as "kill" or "cancelled" are cancellations.
void StoryReader::read_status(std::string_view raw) {
  const std::string status = to_lower_ascii(collapse_ascii_spaces(raw));
  if (status.empty()) return;
  if (status == "embargoed") {
    wire_.pub_status = "withheld";
    add_once(wire_.signals, "embargoed");
  } else if (status == "kill" || status == "killed" || status == "cancelled") {
    wire_.pub_status = "canceled";
  } else {
    wire_.pub_status = status;
  }
}

// ed-msg's msg-type has no fixed vocabulary ("providers are urged to use consistent values");
// the common kill, withhold, correction and update notes are read, and the status they imply
// yields to one that management-status states.
void StoryReader::read_editorial_message(pugi::xml_node ed_msg) {
  const std::string type = to_lower_ascii(collapse_ascii_spaces(attr(ed_msg, "msg-type")));
  if (type.empty()) return;
  const auto mentions = [&](std::string_view word) { return type.find(word) != std::string::npos; };
  if (mentions("correct")) {
    add_once(wire_.signals, "correction");
  } else if (mentions("kill") || mentions("cancel") || mentions("withdraw")) {
    if (!status_from_docdata_) wire_.pub_status = "canceled";
  } else if (mentions("withh")) {
    if (!status_from_docdata_) wire_.pub_status = "withheld";
  } else if (mentions("update")) {
    add_once(wire_.signals, "update");
  }
}

void StoryReader::read_docdata(pugi::xml_node docdata) {
  if (const std::string status = attr(docdata, "management-status"); !status.empty()) {
    read_status(status);
    status_from_docdata_ = true;
  }
  // The document this one updates or replaces.
  keep_first(wire_.previous_version, attr(docdata, "management-doc-idref"));
  for (pugi::xml_node child : docdata.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "doc-id") {
      keep_first(item_.guid, attr(child, "id-string"));
    } else if (local == "urgency") {
      keep_first(wire_.urgency, attr(child, "ed-urg"));
    } else if (local == "date.issue") {
      keep_first(item_.published, attr(child, "norm"));
    } else if (local == "date.release") {
      keep_first(release_date_, attr(child, "norm"));
    } else if (local == "du-key") {
      // version counts the uses of this key; generation, where only it is given, likewise.
      keep_first(wire_.version, attr(child, "version"));
      keep_first(wire_.version, attr(child, "generation"));
    } else if (local == "doc-scope") {
      add_once(item_.categories, attr(child, "scope"));
    } else if (local == "ed-msg") {
      read_editorial_message(child);
    } else if (local == "correction") {
      add_once(wire_.signals, "correction");
      keep_first(wire_.previous_version, attr(child, "id-string"));
    } else if (local == "key-list") {
      for (pugi::xml_node keyword : child.children()) {
        if (nitf_name(keyword) != "keyword") continue;
        std::string key = attr(keyword, "key");
        if (key.empty()) key = words(keyword);  // some agencies write the keyword as text
        if (!key.empty()) wire_.subjects.push_back(RawSubject{"", std::move(key), ""});
      }
    } else if (local == "identified-content") {
      read_identified_content(child);
    } else if (local == "evloc") {
      std::string place;
      for (const char* part : {"city", "county-dist", "state-prov", "iso-cc"}) {
        const std::string value = attr(child, part);
        if (value.empty() || place.find(value) != std::string::npos) continue;
        if (!place.empty()) place += ", ";
        place += value;
      }
      keep_first(event_location_, std::move(place));
    } else if (local == "pubdata") {
      read_pubdata(child);  // belongs to head, but is found here too
    }
  }
}

void StoryReader::read_pubdata(pugi::xml_node pubdata) {
  if (const std::string ref = attr(pubdata, "ex-ref"); is_web_url(ref)) keep_first(item_.link, ref);
  add_once(item_.categories, attr(pubdata, "position.section"));
}

void StoryReader::read_identified_content(pugi::xml_node container) {
  for (pugi::xml_node child : container.children()) {
    const std::string_view local = nitf_name(child);
    RawSubject subject;
    if (local == "person") {
      subject.kind = "person";
      subject.name = words(child, {"function", "alt-code"});
    } else if (local == "org") {
      subject.kind = "organisation";
      subject.name = words(child, {"alt-code"});
    } else if (local == "location") {
      subject.kind = "place";
      subject.name = place_name(child);
      subject.qcode = coded(attr(child, "code-source"), attr(child, "location-code"));
    } else if (local == "classifier") {
      subject.name = words(child, {"alt-code"});
    } else {
      continue;
    }
    keep_first(subject.qcode, coded(attr(child, "idsrc"), attr(child, "value")));
    if (subject.name.empty() && subject.qcode.empty()) continue;
    wire_.subjects.push_back(std::move(subject));
  }
}

}  // namespace newswired::nitf
