#include "pipeline/normalize/boilerplate_phrases.h"

#include <array>

namespace newswired {
namespace {

using namespace std::string_view_literals;

constexpr std::array kChromeLines{
    // English
    "skip to content"sv, "skip to main content"sv, "skip to main menu"sv, "skip to navigation"sv,
    "skip to more dw sites"sv, "skip to footer"sv, "skip to search"sv, "jump to navigation"sv,
    "jump to content"sv, "jump to main content"sv, "back to top"sv, "menu"sv, "search"sv, "share"sv,
    "share this"sv, "share this article"sv, "share this story"sv, "share article"sv, "print"sv,
    "print this page"sv, "print article"sv, "email"sv, "e-mail"sv, "copy link"sv,
    "send us your feedback"sv, "send feedback"sv, "feedback"sv, "permalink"sv, "accept all"sv,
    "accept all cookies"sv, "reject all"sv, "manage cookies"sv, "cookie settings"sv,
    "advertisement"sv, "advert"sv, "sponsored"sv, "sponsored content"sv, "continue reading"sv,
    "continue reading below"sv, "story continues below"sv, "story continues below advertisement"sv,
    "article continues below"sv, "sign up for our newsletter"sv, "subscribe to our newsletter"sv,
    // German
    "zum inhalt springen"sv, "zum hauptinhalt springen"sv, "zur navigation springen"sv,
    "direkt zum inhalt"sv, "zur hauptnavigation"sv, "nach oben"sv, "zum seitenanfang"sv, "teilen"sv,
    "artikel teilen"sv, "drucken"sv, "artikel drucken"sv, "link kopieren"sv, "alle akzeptieren"sv,
    "alle ablehnen"sv, "einstellungen"sv, "werbung"sv, "anzeige"sv, "weiterlesen"sv,
    "weiterlesen nach der anzeige"sv, "artikel weiterlesen"sv, "senden sie uns ihr feedback"sv,
    "newsletter abonnieren"sv};

constexpr std::array kChromeStarts{
    "skip to "sv,           "jump to "sv,         "share on "sv,
    "share via "sv,         "zum inhalt "sv,      "zur navigation "sv,
    "springe zu "sv,        "direkt zu "sv,       "auf facebook teilen"sv,
    "auf twitter teilen"sv, "per e-mail teilen"sv};

constexpr std::array kWidgetWords{
    "share"sv,    "print"sv,     "email"sv,     "e-mail"sv,    "mail"sv,    "facebook"sv,
    "twitter"sv,  "x"sv,         "whatsapp"sv,  "linkedin"sv,  "xing"sv,    "reddit"sv,
    "telegram"sv, "pinterest"sv, "messenger"sv, "flipboard"sv, "pocket"sv,  "threads"sv,
    "bluesky"sv,  "mastodon"sv,  "vk"sv,        "teilen"sv,    "drucken"sv, "copy"sv,
    "link"sv,     "kopieren"sv,  "sms"sv,       "tumblr"sv};

constexpr std::array kBannerStarts{"we use cookies"sv,
                                   "this website uses cookies"sv,
                                   "this site uses cookies"sv,
                                   "we and our partners use"sv,
                                   "by using this site, you agree"sv,
                                   "wir verwenden cookies"sv,
                                   "wir nutzen cookies"sv,
                                   "diese website verwendet cookies"sv,
                                   "diese webseite verwendet cookies"sv,
                                   "um unsere webseite"sv};

constexpr std::array kListHeaders{"read more"sv,
                                  "related"sv,
                                  "related topics"sv,
                                  "related content"sv,
                                  "related articles"sv,
                                  "related stories"sv,
                                  "more on this topic"sv,
                                  "more on this story"sv,
                                  "see also"sv,
                                  "also read"sv,
                                  "you might also like"sv,
                                  "recommended"sv,
                                  "most read"sv,
                                  "most popular"sv,
                                  "mehr zum thema"sv,
                                  "lesen sie auch"sv,
                                  "auch interessant"sv,
                                  "das könnte sie auch interessieren"sv,
                                  "meistgelesen"sv,
                                  "verwandte themen"sv,
                                  "mehr dazu"sv};

constexpr std::array kTeaserStarts{
    "read more:"sv,      "related:"sv,          "see also:"sv, "also read:"sv,
    "more on this:"sv,   "read also:"sv,        "watch:"sv,    "mehr zum thema:"sv,
    "lesen sie auch:"sv, "auch interessant:"sv, "mehr dazu:"sv};

constexpr std::array kBreadcrumbRoots{"home"sv, "homepage"sv, "start"sv, "startseite"sv};

constexpr std::array kCreditLabels{
    "image"sv,      "images"sv, "photo"sv,        "photos"sv,       "picture"sv, "pictures"sv,
    "photograph"sv, "credit"sv, "photo credit"sv, "image credit"sv, "bild"sv,    "bilder"sv,
    "foto"sv,       "fotos"sv,  "bildquelle"sv,   "fotoquelle"sv};

constexpr std::array kCreditNames{
    "getty images"sv, "picture alliance"sv, "picture-alliance"sv, "imago images"sv, "imago"sv,
    "shutterstock"sv, "istockphoto"sv,      "keystone"sv,         "epa-efe"sv};

}  // namespace

const BoilerplatePhrases& boilerplate_phrases() {
  static const BoilerplatePhrases phrases{kChromeLines,    kChromeStarts, kWidgetWords,
                                          kBannerStarts,   kListHeaders,  kTeaserStarts,
                                          kBreadcrumbRoots};
  return phrases;
}

std::span<const std::string_view> credit_labels() { return kCreditLabels; }
std::span<const std::string_view> credit_names() { return kCreditNames; }

}  // namespace newswired
