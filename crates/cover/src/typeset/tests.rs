//! The typesetter on the pinned Noto Naskh Arabic: joining, ligatures, direction, line fitting.

use super::*;

/// A typesetter on the pinned Noto Naskh Arabic, so no system font changes a result.
fn arabic() -> Typesetter {
    let naskh = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/covers/fonts/NotoNaskhArabic-Regular.ttf"
    );
    let bytes = std::fs::read(naskh).unwrap();
    let ts = Typesetter::new("كتاب", Some(Arc::new(bytes)), "ar").unwrap();
    assert_eq!(ts.family(), "Noto Naskh Arabic");
    ts
}

#[test]
fn scripts_are_told_apart() {
    assert_eq!(Script::of("ورّاق 2024"), Script::Arabic);
    assert_eq!(Script::of("שלום"), Script::Hebrew);
    assert_eq!(Script::of("Warraq"), Script::Other);
    assert_eq!(Script::of("123"), Script::Other);
}

#[test]
fn arabic_letters_take_their_joining_forms() {
    let mut ts = arabic();
    // Each letter alone is its isolated form.
    let isolated: Vec<u16> = ["ك", "ت", "ا", "ب"]
        .iter()
        .map(|letter| ts.glyph_ids(letter, 40.0)[0])
        .collect();
    // كتاب: kaf initial, teh medial, alef final, beh isolated (alef does not join on).
    let word = ts.glyph_ids("كتاب", 40.0);
    assert_eq!(word.len(), 4, "{word:?}");
    assert_ne!(word[0], isolated[0], "kaf should be initial");
    assert_ne!(word[1], isolated[1], "teh should be medial");
    assert_ne!(word[2], isolated[2], "alef should be final");
    assert_eq!(word[3], isolated[3], "beh after alef stays isolated");
}

#[test]
fn lam_alef_takes_the_ligature_form() {
    let mut ts = arabic();
    // Fonts make lam-alef either one ligature glyph (Amiri) or a pair of forms made for
    // each other (Noto Naskh Arabic); either way not the lam and alef of other words.
    let initial_lam = ts.glyph_ids("لب", 40.0)[0];
    let final_alef = ts.glyph_ids("با", 40.0)[1];
    for word in ["لا", "سلام"] {
        let glyphs = ts.glyph_ids(word, 40.0);
        let chars = word.chars().count();
        let ligated = glyphs.len() < chars
            || (!glyphs.contains(&initial_lam) && !glyphs.contains(&final_alef));
        assert!(ligated, "{word}: {glyphs:?}");
    }
    let plain = ts.glyph_ids("لب", 40.0);
    assert!(
        plain.contains(&initial_lam),
        "the check can fail: {plain:?}"
    );
}

#[test]
fn a_paragraph_separator_in_a_title_keeps_it_one_line_in_one_direction() {
    let mut ts = arabic();
    let plain = ts.glyph_ids("كتاب جديد", 40.0);
    for separator in ['\u{1C}', '\u{2029}', '\n'] {
        let split = ts.glyph_ids(&format!("كتاب{separator}جديد"), 40.0);
        assert_eq!(split, plain, "{separator:?}");
    }
}

#[test]
fn what_fits_nowhere_is_wrapped_within_the_width_at_the_smallest_size() {
    let mut ts = arabic();
    let style = Style {
        size: 80.0,
        leading: 1.3,
        bold: false,
    };
    let text = "كتاب جديد عن تاريخ المدن العربية القديمة وأسواقها";
    let block = ts.fit(text, style, 300.0, 1, 40.0);
    assert!(block.set.len() > 1, "{}", block.set.len());
    assert!(block.width <= 300.5, "{}", block.width);
}

#[test]
fn balanced_lines_are_narrower_than_the_width() {
    let mut ts = arabic();
    let style = Style {
        size: 80.0,
        leading: 1.3,
        bold: true,
    };
    let text = "تحرير آخر جيوب «داعش» بسوريا.. فهل انتهى التنظيم الدموي فعليًّا؟";
    let block = ts.fit(text, style, 1200.0, 4, 40.0);
    assert!(
        block.set.len() >= 2 && block.set.len() <= 4,
        "{}",
        block.set.len()
    );
    assert!(block.width <= 1200.5);
    let greedy = greedy_block(&ts, text, style, 1200.0);
    assert!(block.width <= greedy.width);
    // Mixed-direction lines stay within the width.
    let mixed = ts.fit("ورّاق 2024: دليل EPUB للكتب العربية", style, 1000.0, 4, 40.0);
    assert!(
        mixed.width <= 1000.5 && mixed.set.len() >= 2,
        "{} {}",
        mixed.width,
        mixed.set.len()
    );
}

/// `text` in lines each as full as it goes, for comparison with balanced ones.
fn greedy_block(ts: &Typesetter, text: &str, style: Style, width: f32) -> Block {
    let words: Vec<&str> = text.split_whitespace().collect();
    let widths: Vec<f32> = words.iter().map(|w| ts.shape(w, style).width).collect();
    let starts = breaks::greedy(&widths, ts.space(style), width);
    ts.set_lines(&lines_of(text, &words, &starts), style, width)
}
