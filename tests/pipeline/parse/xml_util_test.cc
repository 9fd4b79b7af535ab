#include "pipeline/parse/xml_util.h"

#include <gtest/gtest.h>

#include "pipeline/parse/namespaces.h"

namespace newswired {
namespace {

std::unique_ptr<pugi::xml_document> load_ok(std::string_view body) {
  Outcome<std::unique_ptr<pugi::xml_document>> out = xml::load(body);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.reason());
  return out.ok() ? std::move(out.value()) : std::make_unique<pugi::xml_document>();
}

TEST(XmlNames, ResolvedThroughDeclarationsOnAncestors) {
  auto doc = load_ok(
      "<r xmlns='urn:default' xmlns:p='urn:p'><p:a/><b xmlns=''/><c xmlns:p='urn:inner'>"
      "<p:d/></c><dc:creator/><zz:e/></r>");
  pugi::xml_node r = doc->document_element();
  EXPECT_EQ(xml::name_of(r).ns, "urn:default");
  EXPECT_EQ(xml::name_of(r.child("p:a")).ns, "urn:p");
  EXPECT_EQ(xml::name_of(r.child("p:a")).local, "a");
  EXPECT_EQ(xml::name_of(r.child("b")).ns, "");  // default namespace undeclared
  EXPECT_EQ(xml::name_of(r.child("c").child("p:d")).ns, "urn:inner");  // nearest wins
  // Feeds often forget to declare well-known prefixes; those get their usual namespace.
  EXPECT_EQ(xml::name_of(r.child("dc:creator")).ns, ns::kDc);
  // An unknown undeclared prefix matches nothing, not even the empty namespace.
  EXPECT_NE(xml::name_of(r.child("zz:e")).ns, "");
  EXPECT_TRUE(xml::is(r.child("p:a"), "urn:p", "a"));
  EXPECT_FALSE(xml::is(r.child("p:a"), "urn:default", "a"));
}

TEST(XmlAttributes, PrefixedAttributesByNamespace) {
  auto doc = load_ok(
      "<item xmlns:R='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
      "R:about='https://x/1' about='plain'/>");
  pugi::xml_node item = doc->document_element();
  EXPECT_EQ(xml::attribute(item, ns::kRdf, "about"), "https://x/1");
  EXPECT_EQ(xml::attribute(item, "", "about"), "plain");
  EXPECT_EQ(xml::attribute(item, ns::kAtom10, "about"), "");
}

TEST(XmlText, JoinsTextAndCdataAndTrims) {
  auto doc = load_ok("<t>\n  a &amp; <![CDATA[<b>b</b>]]> c&#233;\n</t>");
  EXPECT_EQ(xml::text(doc->document_element()), "a & <b>b</b> c\u00e9");
}

TEST(XmlText, MarkupChildrenAreSerialisedAsHtml) {
  auto doc = load_ok(
      "<d xmlns:h='http://www.w3.org/1999/xhtml'> Text <h:p class='x &amp; y'>1 &lt; 2</h:p>"
      "<h:br/><h:span></h:span> end </d>");
  EXPECT_EQ(xml::text(doc->document_element()),
            "Text <p class=\"x &amp; y\">1 &lt; 2</p><br><span></span> end");
}

TEST(XmlBase, ChainResolvedAgainstDocumentUrl) {
  auto doc = load_ok("<a xml:base='/x/'><b><c xml:base='y/'><d/></c></b><e/></a>");
  pugi::xml_node a = doc->document_element();
  pugi::xml_node d = a.child("b").child("c").child("d");
  EXPECT_EQ(xml::base_in_effect(d, "https://h.example/feed"), "https://h.example/x/y/");
  EXPECT_EQ(xml::base_in_effect(d, ""), "/x/y/");
  EXPECT_EQ(xml::base_in_effect(a.child("e"), "https://h.example/feed"), "https://h.example/x/");
  auto plain = load_ok("<a><b/></a>");
  EXPECT_EQ(xml::base_in_effect(plain->document_element().child("b"), "https://h.example/"), "");
}

}  // namespace
}  // namespace newswired
