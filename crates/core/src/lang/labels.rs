//! What the book itself says in its language: the labels of its pages and navigation, the
//! separator of a list of names, the accessibility summary. English where we have none.

use super::LanguageTag;

impl LanguageTag {
    /// How this language joins a list of names (the Arabic comma for Arabic, Persian and Urdu).
    pub fn list_separator(&self) -> &'static str {
        match self.primary() {
            "ar" | "fa" | "ur" => "، ",
            _ => ", ",
        }
    }

    /// The label of the table of contents, in this language (English when we have none).
    pub fn contents_label(&self) -> &'static str {
        self.words().0
    }

    /// The label of the landmarks navigation, in this language (English when we have none).
    pub fn landmarks_label(&self) -> &'static str {
        match self.primary() {
            "ar" => "معالم الكتاب",
            "fa" => "نشانه‌های کتاب",
            "ur" => "کتاب کے نشانات",
            "he" => "ציוני דרך",
            "fr" => "Repères",
            "de" => "Orientierungspunkte",
            "es" => "Puntos de referencia",
            "tr" => "Yer imleri",
            _ => "Landmarks",
        }
    }

    /// The word for "cover", in this language (English when we have none).
    pub fn cover_label(&self) -> &'static str {
        self.words().1
    }

    /// The heading of an article's footnotes, in this language (English when we have none).
    pub fn notes_label(&self) -> &'static str {
        self.words().2
    }

    /// An accessibility summary in this language, when we have one; `images` adds the
    /// sentence about text alternatives.
    pub fn accessibility_summary(&self, images: bool) -> Option<String> {
        let (text, alt) = match self.primary() {
            "ar" => (
                "نصّ هذا الكتاب متاح كاملًا للتقنيات المساعدة. فيه جدول محتويات وعناوين منظَّمة، ويتبع ترتيب قراءة منطقيًّا.",
                " ولكل صورة فيه نص بديل.",
            ),
            "fa" => (
                "متن کامل این کتاب برای فناوری‌های کمکی در دسترس است. فهرست مطالب و عنوان‌های ساختاریافته دارد و ترتیب خواندن منطقی را دنبال می‌کند.",
                " همهٔ تصاویر آن متن جایگزین دارند.",
            ),
            "ur" => (
                "اس کتاب کا مکمل متن معاون ٹیکنالوجی کے لیے دستیاب ہے۔ اس میں فہرست اور منظم سرخیاں ہیں اور یہ منطقی ترتیبِ مطالعہ کی پیروی کرتی ہے۔",
                " ہر تصویر کا متبادل متن موجود ہے۔",
            ),
            "he" => (
                "הטקסט המלא של ספר זה נגיש לטכנולוגיות מסייעות. יש בו תוכן עניינים וכותרות מובנות, והוא עוקב אחר סדר קריאה הגיוני.",
                " לכל תמונה יש טקסט חלופי.",
            ),
            "fr" => (
                "Le texte intégral de ce livre est accessible aux technologies d'assistance. Il comporte une table des matières et des titres structurés, et suit un ordre de lecture logique.",
                " Chaque image a une alternative textuelle.",
            ),
            "en" => (
                "The full text of this book is available to assistive technologies. It has a table of contents and structured headings, and follows a logical reading order.",
                " Every image has a text alternative.",
            ),
            _ => return None,
        };
        Some(if images {
            format!("{text}{alt}")
        } else {
            text.to_string()
        })
    }

    fn words(&self) -> (&'static str, &'static str, &'static str) {
        match self.primary() {
            "ar" => ("المحتويات", "الغلاف", "الحواشي"),
            "fa" => ("فهرست مطالب", "جلد", "پانویس‌ها"),
            "ur" => ("فہرست", "سرورق", "حواشی"),
            "he" => ("תוכן העניינים", "כריכה", "הערות"),
            "yi" => ("אינהאַלט", "טאָוול", "הערות"),
            "ps" => ("منځپانګه", "پوښ", "یادښتونه"),
            "ckb" => ("ناوەڕۆک", "بەرگ", "تێبینییەکان"),
            "fr" => ("Table des matières", "Couverture", "Notes"),
            "de" => ("Inhalt", "Umschlag", "Anmerkungen"),
            "es" => ("Índice", "Cubierta", "Notas"),
            "tr" => ("İçindekiler", "Kapak", "Notlar"),
            _ => ("Contents", "Cover", "Notes"),
        }
    }
}
