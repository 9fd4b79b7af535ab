#include "pipeline/parse/sniff.h"

#include <string>

#include <gtest/gtest.h>

#include "pipeline/parse/atom_parser.h"
#include "pipeline/parse/rss_parser.h"

namespace newswired {
namespace {

std::string root_of(std::string_view body) {
  std::optional<RootElement> root = sniff_root(body);
  return root ? root->qname : "<none>";
}

TEST(SniffRoot, SkipsEverythingThatMayPrecedeTheRoot) {
  EXPECT_EQ(root_of("<rss version=\"2.0\">"), "rss");
  EXPECT_EQ(root_of("\xEF\xBB\xBF  \r\n<?xml version=\"1.0\"?><rss>"), "rss");
  EXPECT_EQ(root_of("<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?>\n"
                    "<!-- a comment with <feed> in it -->\n<rdf:RDF xmlns:rdf=\"x\">"),
            "rdf:RDF");
  // An internal DTD subset may hold '>' in declarations, strings and comments.
  EXPECT_EQ(root_of("<!DOCTYPE rss PUBLIC \"-//Netscape//DTD RSS 0.91//EN\" "
                    "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss>"),
            "rss");
  EXPECT_EQ(root_of("<!DOCTYPE feed [\n<!ENTITY a \"x>y\">\n<!-- ]> -->\n"
                    "<!ENTITY b '<feed>'>\n]>\n<feed>"),
            "feed");
}

TEST(SniffRoot, ReadsNamespaceOfTheRootFromItsStartTag) {
  std::optional<RootElement> root =
      sniff_root("<a:entry xmlns='urn:other' xmlns:a = \"http://www.w3.org/2005/Atom\">");
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->qname, "a:entry");
  EXPECT_EQ(root->local, "entry");
  EXPECT_EQ(root->ns, "http://www.w3.org/2005/Atom");
}

TEST(SniffRoot, WideEncodings) {
  auto widen = [](std::string_view ascii, bool big_endian, std::size_t width, bool bom) {
    std::string out;
    if (bom) {
      out = width == 2 ? (big_endian ? std::string("\xFE\xFF") : std::string("\xFF\xFE"))
                       : (big_endian ? std::string("\x00\x00\xFE\xFF", 4)
                                     : std::string("\xFF\xFE\x00\x00", 4));
    }
    for (char c : ascii) {
      std::string unit(width, '\0');
      unit[big_endian ? width - 1 : 0] = c;
      out += unit;
    }
    return out;
  };
  const std::string doc = "<?xml version=\"1.0\"?><feed>";
  for (std::size_t width : {2u, 4u}) {
    for (bool big_endian : {false, true}) {
      for (bool bom : {false, true}) {
        EXPECT_EQ(root_of(widen(doc, big_endian, width, bom)), "feed")
            << "width " << width << " big endian " << big_endian << " bom " << bom;
      }
    }
  }
}

TEST(SniffRoot, NotXml) {
  EXPECT_EQ(root_of(""), "<none>");
  EXPECT_EQ(root_of("   "), "<none>");
  EXPECT_EQ(root_of("{\"version\": \"https://jsonfeed.org/version/1.1\"}"), "<none>");
  EXPECT_EQ(root_of("Moved permanently"), "<none>");
  EXPECT_EQ(root_of("<!-- never closed <rss>"), "<none>");
  EXPECT_EQ(root_of("<?xml version=\"1.0\""), "<none>");
}

TEST(Sniff, EachParserClaimsOnlyItsRoots) {
  RssParser rss;
  AtomParser atom;
  EXPECT_TRUE(rss.sniff("<rss version=\"2.0\"><channel/></rss>"));
  EXPECT_TRUE(rss.sniff("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"));
  EXPECT_TRUE(rss.sniff("<r:rss xmlns:r=\"http://backend.userland.com/rss2\">"));
  EXPECT_FALSE(rss.sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(atom.sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(atom.sniff("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"));
  EXPECT_TRUE(atom.sniff("<entry xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_FALSE(atom.sniff("<entry>"));  // too generic without the Atom namespace
  EXPECT_FALSE(atom.sniff("<rss>"));
  EXPECT_FALSE(atom.sniff("<html><head><title>feed</title>"));
}

TEST(DescribeStart, PrintableAndShort) {
  EXPECT_EQ(describe_start(""), "empty document");
  EXPECT_EQ(describe_start("{\"a\":1}\n"), "{\"a\":1}\\x0A");
  EXPECT_EQ(describe_start(std::string(50, 'x')), std::string(40, 'x') + "...");
}

}  // namespace
}  // namespace newswired
