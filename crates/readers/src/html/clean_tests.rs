//! What the finder takes as the article and cleaning leaves out of it, one failure class of
//! the open web at a time: each page holds a real article (enough text to be one) and the
//! boilerplate around it.

use std::path::Path;

use super::read;
use super::words::{fold, label, opens_with_lead, Heads};

/// An article's worth of text: the finder passes over candidates with less.
const PROSE: &str = "<p>The council met on Tuesday evening, and after three hours of debate, \
    it voted to rebuild the old bridge over the river, which has been closed since the floods \
    of last spring, at a cost the mayor called high but unavoidable.</p>\
    <p>Work begins in March, the engineers said, and the bridge should reopen by the autumn, \
    although the contractors warned that another flood would set the work back by months.</p>";

const PROSE_AR: &str = "<p>أعلنت اللجنة المركزية صباح اليوم نتائج الانتخابات البلدية، وبلغت \
    نسبة المشاركة ستين في المئة، وهي أعلى نسبة منذ عشرين عامًا، بحسب بيان اللجنة الرسمي.</p>\
    <p>وقال المتحدث باسم اللجنة إن الفرز انتهى في جميع الدوائر، وإن المجلس الجديد سيجتمع الأسبوع \
    المقبل لانتخاب رئيسه، وسط ترقب من الأحزاب والناخبين على حد سواء.</p>";

fn text_of(html: &str) -> String {
    let mut warnings = Vec::new();
    let parsed =
        read(Path::new("page.html"), html.as_bytes(), None, &mut warnings).expect("the page reads");
    let mut out = String::new();
    parsed.document.plain_text(&mut out);
    out
}

fn page(article: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>T</title></head><body><article>{article}</article></body></html>")
}

#[test]
fn a_related_stories_list_inside_the_article_is_left_out() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1>{PROSE}<div class=\"article-related-stories\"><h3>More</h3><ul>\
         <li><a href=\"/a\">Another story entirely</a></li></ul></div>\
         <h2>Related stories</h2><ul><li><a href=\"/b\">A second story</a></li></ul>\
         <p>The mayor will speak on Friday.</p>"
    )));
    assert!(text.contains("rebuild the old bridge"), "{text}");
    assert!(text.contains("speak on Friday"), "{text}");
    for boilerplate in ["Another story", "Related stories", "A second story"] {
        assert!(!text.contains(boilerplate), "{boilerplate:?} kept:\n{text}");
    }
}

#[test]
fn an_arabic_comment_section_inside_the_article_is_left_out() {
    let text = text_of(&format!(
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><body><article><h1>الانتخابات</h1>\
         {PROSE_AR}<h3>تعليقات القراء</h3><div><p>تعليق غاضب من قارئ على الخبر كله.</p>\
         <p>رد من قارئ آخر على التعليق.</p></div><p>اقرأ أيضاً: <a href=\"/x\">نتائج \
         الانتخابات في المدن الأخرى</a></p></article></body></html>"
    ));
    assert!(text.contains("نسبة المشاركة"), "{text}");
    for boilerplate in [
        "تعليقات القراء",
        "غاضب",
        "رد من قارئ",
        "اقرأ أيضاً",
        "المدن الأخرى",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate:?} kept:\n{text}");
    }
}

#[test]
fn a_share_bar_a_byline_and_a_date_are_left_out() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1><div class=\"byline\">By Jane Doe</div><time class=\"entry-date\">\
         May 2</time><div><a href=\"/f\">Facebook</a> <a href=\"/t\">Twitter</a> \
         <a href=\"/e\">Email</a></div>{PROSE}<div class=\"ShareBar\"><span>Share</span></div>"
    )));
    assert!(text.contains("rebuild the old bridge"), "{text}");
    for boilerplate in ["Jane Doe", "May 2", "Facebook", "Share"] {
        assert!(!text.contains(boilerplate), "{boilerplate:?} kept:\n{text}");
    }
}

#[test]
fn a_read_more_button_does_not_take_the_rest_of_the_article() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1>{PROSE}<div class=\"body-read-more\">Read more</div>\
         <div class=\"body-read-all\"><p>The rest of the article follows the button, in \
         full, with all that the council said about the bridge and its cost.</p></div>"
    )));
    assert!(text.contains("The rest of the article"), "{text}");
    assert!(!text.contains("Read more"), "{text}");
}

#[test]
fn a_wrapper_named_for_its_sidebar_is_still_the_article() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1><div class=\"content-with-sidebar-wrp\">{PROSE}</div>"
    )));
    assert!(text.contains("rebuild the old bridge"), "{text}");
}

#[test]
fn a_short_sentence_stays_and_a_short_control_goes() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1>{PROSE}<div>Webb emerged, naked.</div><div>Advertisement</div>\
         <div>Back to Gallery</div>"
    )));
    assert!(text.contains("Webb emerged, naked."), "{text}");
    assert!(!text.contains("Advertisement"), "{text}");
    assert!(!text.contains("Gallery"), "{text}");
}

#[test]
fn text_split_by_br_is_an_article_and_teasers_are_not() {
    let teaser = "<p>A teaser for another story, long enough to be a paragraph of its own.</p>";
    let lines = "The council met on Tuesday evening, and after three hours of debate, it voted \
        to rebuild the old bridge over the river.<br><br>Work begins in March, the engineers \
        said, and the bridge should reopen by the autumn, flood or no flood.<br><br>The mayor \
        called the cost high, but unavoidable, and promised a vote on the budget in May.";
    let text = text_of(&format!(
        "<!DOCTYPE html><html><body><div class=\"teasers\">{teaser}{teaser}{teaser}</div>\
         <div class=\"story\">{lines}</div></body></html>"
    ));
    assert!(text.contains("rebuild the old bridge"), "{text}");
    assert!(text.contains("a vote on the budget"), "{text}");
    assert!(!text.contains("A teaser"), "{text}");
}

#[test]
fn a_cookie_notice_longer_than_a_short_article_is_not_the_article() {
    let cookie = "<p>We and our partners use cookies and similar technologies to store and \
        access information on your device, to personalise content and advertising, to provide \
        social media features, and to analyse our traffic, with your consent or on the basis \
        of legitimate interest, which you may object to at any time.</p>";
    let text = text_of(&format!(
        "<!DOCTYPE html><html><body><div class=\"cookie-notice\">{cookie}{cookie}{cookie}\
         </div><div class=\"story\"><h1>Bridge</h1>{PROSE}</div></body></html>"
    ));
    assert!(text.contains("rebuild the old bridge"), "{text}");
    assert!(!text.contains("cookies"), "{text}");
}

#[test]
fn an_article_split_over_sibling_containers_is_taken_whole() {
    let first = "<p>The council met on Tuesday evening, and after three hours of debate, it \
        voted to rebuild the old bridge over the river, which has been closed since spring.</p>";
    let second = "<p>Work begins in March, the engineers said, and the bridge should reopen \
        by the autumn, although the contractors warned that a flood would set it back.</p>";
    let text = text_of(&format!(
        "<!DOCTYPE html><html><body><div class=\"page\"><h1>Bridge</h1>\
         <div class=\"story-text\">{first}{first}</div><div class=\"ad-slot\"></div>\
         <div class=\"story-text\">{second}{second}</div></div>\
         <div class=\"sidebar\"><p>Elsewhere: a long list of other things to read.</p></div>\
         </body></html>"
    ));
    assert!(text.contains("rebuild the old bridge"), "{text}");
    assert!(text.contains("Work begins in March"), "{text}");
    assert!(!text.contains("Elsewhere"), "{text}");
}

#[test]
fn the_preamble_of_a_comment_section_goes_with_it() {
    let text = text_of(&format!(
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><body><article><h1>الانتخابات</h1>\
         {PROSE_AR}<div><p>ترحب الشبكة بالنقاش الحيوي والمفيد. ننصحك بمراجعة <a href=\"/g\">\
         إرشادات الاستخدام</a> قبل النشر.</p></div><div class=\"fb-comments\"></div>\
         </article></body></html>"
    ));
    assert!(text.contains("نسبة المشاركة"), "{text}");
    assert!(!text.contains("ترحب الشبكة"), "{text}");
}

#[test]
fn labels_are_found_in_every_language_and_spelling() {
    assert_eq!(fold("  اقْرَأ أيضاً: "), "اقرا ايضا");
    assert_eq!(fold("پربازدیدترین"), fold("پربازديدترين"));
    for links in ["Related Stories", "اقرأ أيضًا", "الأكثر قراءة", "مطالب مرتبط"]
    {
        assert_eq!(label(links), Some(Heads::Links), "{links}");
    }
    assert_eq!(label("כתבות נוספות"), Some(Heads::Links));
    assert_eq!(label("متعلقہ خبریں"), Some(Heads::Links));
    for anything in ["Comments:", "التعليقات", "نظرات", "תגובות", "تبصرے"]
    {
        assert_eq!(label(anything), Some(Heads::Anything), "{anything}");
    }
    assert_eq!(label("The bridge"), None);
    assert!(opens_with_lead("اقرأ أيضاً: نتائج الانتخابات"));
    assert!(opens_with_lead("Read more: the budget"));
    assert!(opens_with_lead("עוד בנושא - הגשר"));
    assert!(!opens_with_lead("More than a bridge: a way of life"));
    assert!(!opens_with_lead("Related to the floods, the council said"));
}

#[test]
fn teasers_marked_as_articles_do_not_hide_an_article_marked_by_nothing() {
    let teaser = |n: u32| {
        format!(
            "<article class=\"post\"><h3><a href=\"/{n}\">Other story {n}</a></h3>\
             <p>A short excerpt of another story.</p></article>"
        )
    };
    let text = text_of(&format!(
        "<!DOCTYPE html><html><body><div class=\"entry\"><h1>Bridge</h1>{PROSE}{PROSE}</div>\
         <div class=\"grid\">{}{}{}</div></body></html>",
        teaser(1),
        teaser(2),
        teaser(3)
    ));
    assert!(text.contains("rebuild the old bridge"), "{text}");
    assert!(!text.contains("Other story"), "{text}");
}

#[test]
fn a_paragraph_that_is_only_a_link_to_another_story_is_left_out() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1>{PROSE}<p><strong><a href=\"/other\">MAYOR'S RIVAL CALLS FOR A \
         REFERENDUM ON THE BUDGET</a></strong></p>\
         <p><a href=\"/ar\">«اللجنة تعلن موعد الجلسة المقبلة»</a></p>\
         <p>The mayor <a href=\"/mayor\">will speak on Friday</a>, her office said.</p>\
         <h3><a href=\"/shop/lamp\">Brass Reading Lamp</a></h3>\
         <p><a href=\"https://example.org/report\">https://example.org/report</a></p>{PROSE}"
    )));
    assert!(text.contains("will speak on Friday"), "{text}");
    // A heading that is a link (a buying guide's product) and a source cited stay.
    assert!(text.contains("Brass Reading Lamp"), "{text}");
    assert!(text.contains("https://example.org/report"), "{text}");
    for teaser in ["REFERENDUM", "اللجنة تعلن"] {
        assert!(!text.contains(teaser), "{teaser:?} kept:\n{text}");
    }
}

#[test]
fn a_figure_without_its_picture_is_left_out_and_a_quotation_is_not() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1>{PROSE}<figure><div class=\"js-delayed-image-load\" \
         data-src=\"https://example.com/a.jpg\"></div><figcaption>Image copyright Getty \
         Images</figcaption></figure><figure><blockquote>We will build it.</blockquote>\
         <figcaption>The mayor</figcaption></figure>{PROSE}"
    )));
    assert!(!text.contains("Getty"), "{text}");
    assert!(
        text.contains("We will build it.") && text.contains("The mayor"),
        "{text}"
    );
}

#[test]
fn a_pop_up_on_a_name_goes_and_the_name_stays() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1><p>The plan was backed by Rep. <span class=\"rollover-people\">\
         <a class=\"rollover-people-link\" href=\"/people/jane-doe\">Jane Doe</a><span \
         class=\"rollover-people-block\"><a href=\"/a\">Doe opposes the budget</a> <a \
         href=\"/b\">MORE</a></span></span> (D-Minn.), her office said.</p>\
         <p>A <span class=\"tooltip\">levy<span class=\"tooltip-text\"></span></span> will \
         pay for it.</p>{PROSE}"
    )));
    assert!(text.contains("Rep. Jane Doe (D-Minn.)"), "{text}");
    assert!(text.contains("A levy will pay for it."), "{text}");
    assert!(
        !text.contains("opposes") && !text.contains("MORE"),
        "{text}"
    );
}

#[test]
fn an_article_in_sections_of_their_own_wrappers_is_taken_whole() {
    let first = "<p>The council met on Tuesday evening, and after three hours of debate, it \
        voted to rebuild the old bridge over the river, which has been closed since spring.</p>";
    let second = "<p>Work begins in March, the engineers said, and the bridge should reopen \
        by the autumn, although the contractors warned that a flood would set it back.</p>";
    let text = text_of(&format!(
        "<!DOCTYPE html><html><body><div class=\"wrapper\"><h1>Bridge</h1><section>\
         <div class=\"post-content\">{first}{first}{first}</div></section></div>\
         <div class=\"quote-wide\"><p>“A bridge for the next century,” said the mayor.</p></div>\
         <div id=\"rest\"><section><div class=\"inner\"><div class=\"post-content\">\
         {second}{second}{second}</div></div></section></div>\
         <div class=\"elsewhere\"><p>Elsewhere: a long list of other things to read.</p></div>\
         </body></html>"
    ));
    assert!(text.contains("rebuild the old bridge"), "{text}");
    assert!(text.contains("Work begins in March"), "{text}");
    assert!(!text.contains("Elsewhere"), "{text}");
}

#[test]
fn an_embedded_post_the_article_quotes_stays_and_a_share_bar_goes() {
    let text = text_of(&page(&format!(
        "<h1>Bridge</h1>{PROSE}<div class=\"social-media-embed\"><blockquote \
         class=\"twitter-tweet\"><p>A bridge at last! <a href=\"https://t.co/x\">\
         https://t.co/x</a></p>— Jane Doe (@jane) <a href=\"https://twitter.com/jane/1\">\
         November 18, 2019</a></blockquote></div><div class=\"social-share\"><a href=\"/s\">\
         Share on Facebook</a> <a href=\"/t\">Share on Twitter</a></div>{PROSE}"
    )));
    assert!(text.contains("A bridge at last!"), "{text}");
    assert!(!text.contains("Share on"), "{text}");
}
