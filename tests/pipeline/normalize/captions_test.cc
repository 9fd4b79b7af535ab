#include "pipeline/normalize/captions.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(CreditLine, LabelsInEnglishAndGerman) {
  EXPECT_EQ(credit_line("Image: Reuters/J. Roberts"), "Reuters/J. Roberts");
  EXPECT_EQ(credit_line("Photo: AP"), "AP");
  EXPECT_EQ(credit_line("Bild: picture-alliance/dpa/M. Kappeler"),
            "picture-alliance/dpa/M. Kappeler");
  EXPECT_EQ(credit_line("Foto : dpa"), "dpa");
  EXPECT_EQ(credit_line("Credit: Jane Doe"), "Jane Doe");
  EXPECT_EQ(credit_line("\u00a9 AFP"), "AFP");
  EXPECT_EQ(credit_line("(c) Keystone"), "Keystone");
  EXPECT_EQ(credit_line("Getty Images"), "Getty Images");
  EXPECT_EQ(credit_line("AFP/Getty Images"), "AFP/Getty Images");
}

TEST(CreditLine, ProseIsNot) {
  EXPECT_FALSE(credit_line("Photographs of the meeting were not allowed."));
  EXPECT_FALSE(credit_line("Image problems dog the ministry"));
  EXPECT_FALSE(credit_line("(c) the minister shall decide on the matter;"));
  EXPECT_FALSE(credit_line("Image:"));
  EXPECT_FALSE(credit_line("Getty Images said it would appeal the ruling in the coming weeks."));
}

TEST(CaptionWithCredit, OnOneLine) {
  auto both = caption_with_credit("John Kerry and Sergei Lawrow Image: Reuters/J. Roberts");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->caption, "John Kerry and Sergei Lawrow");
  EXPECT_EQ(both->credit, "Reuters/J. Roberts");
  both = caption_with_credit("Kiew am Montag (Foto: dpa)");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->caption, "Kiew am Montag");
  EXPECT_EQ(both->credit, "dpa");
  EXPECT_FALSE(caption_with_credit("He looked at the image: a ruined street."));
  EXPECT_FALSE(caption_with_credit("Image: Reuters"));  // a credit alone is credit_line's
}

TEST(TakeCaptions, CaptionLineBeforeCredit) {
  std::vector<Media> media;
  EXPECT_EQ(take_captions(
                "Lede.\n\nJohn Kerry and Sergei Lawrow\nImage: Reuters/J. Roberts\n\nMore.", media),
            "Lede.\n\nMore.");
  ASSERT_EQ(media.size(), 1u);
  EXPECT_EQ(media[0].kind, "image");
  EXPECT_EQ(media[0].url, "");
  EXPECT_EQ(media[0].caption, "John Kerry and Sergei Lawrow");
  EXPECT_EQ(media[0].credit, "Reuters/J. Roberts");
}

TEST(TakeCaptions, CaptionParagraphBeforeCreditParagraph) {
  std::vector<Media> media;
  EXPECT_EQ(take_captions("Lede.\n\nBarges at the lock\n\nFoto: dpa\n\nMore.", media),
            "Lede.\n\nMore.");
  ASSERT_EQ(media.size(), 1u);
  EXPECT_EQ(media[0].caption, "Barges at the lock");
  EXPECT_EQ(media[0].credit, "dpa");
}

TEST(TakeCaptions, CreditWithoutCaptionAndSeveralImages) {
  std::vector<Media> media;
  EXPECT_EQ(take_captions("Image: AP\nThe first line of the story is long enough to be no caption "
                          "at all, as it goes on and on about the talks and what was said in "
                          "them by whom and why, for many more words than a caption would ever "
                          "use, which is the point of this test.\n\nOne\nPhoto: AFP",
                          media)
                .substr(0, 9),
            "The first");
  ASSERT_EQ(media.size(), 2u);
  EXPECT_EQ(media[0].caption, "");
  EXPECT_EQ(media[0].credit, "AP");
  EXPECT_EQ(media[1].caption, "One");
}

TEST(TakeCaptions, KnownCaptionGetsTheCredit) {
  std::vector<Media> media{
      {"https://x.example/a.jpg", "image", "", "Barges at the lock", "", "", 0, 0}};
  EXPECT_EQ(take_captions("Barges at the lock Photo: dpa/A. Weber\n\nText.", media), "Text.");
  ASSERT_EQ(media.size(), 1u);
  EXPECT_EQ(media[0].credit, "dpa/A. Weber");
}

TEST(SeparateCredits, CaptionCarryingItsCredit) {
  std::vector<Media> media{
      {"https://x.example/a.jpg", "image", "", "Kerry and Lavrov Image: Reuters", "", "", 0, 0}};
  separate_credits(media);
  EXPECT_EQ(media[0].caption, "Kerry and Lavrov");
  EXPECT_EQ(media[0].credit, "Reuters");
}

TEST(SeparateCredits, CreditLosesItsLabel) {
  std::vector<Media> media{{"https://x.example/a.jpg", "image", "", "Kerry and Lavrov",
                            "Image: Reuters/J. Roberts", "", 0, 0},
                           {"https://x.example/b.jpg", "image", "", "", "AFP/Getty", "", 0, 0}};
  separate_credits(media);
  EXPECT_EQ(media[0].credit, "Reuters/J. Roberts");
  EXPECT_EQ(media[1].credit, "AFP/Getty");
}

}  // namespace
}  // namespace newswired
