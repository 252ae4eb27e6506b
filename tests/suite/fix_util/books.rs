//! Books as other tools write them, made here: pandoc's (run from PyPI's `pypandoc-binary`),
//! and by hand in the manner of Calibre (EPUB 2, NCX only, direction only in CSS, languages in
//! the wrong order), InDesign (EPUB 3, direction and right alignment in CSS classes,
//! language on the paragraphs, extended-timestamp extra fields) and a Shamela converter
//! (Arabic file names zipped by Info-ZIP, `epub:type` with its prefix undeclared).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::archive::{Archive, Entry};
use crate::util::repo;
use crate::util::samples::write_cover;

/// What a test says when pandoc cannot be found.
pub const PANDOC_MISSING: &str = "pandoc not found: run the tests with scripts/test, which \
installs it into target/venv and puts target/venv/bin first on the PATH, or install it with \
'pip install pypandoc-binary', or set WARRAQ_PANDOC";

/// pandoc: `WARRAQ_PANDOC`, else the binary PyPI's `pypandoc-binary` ships.
pub fn pandoc() -> PathBuf {
    if let Some(path) = std::env::var_os("WARRAQ_PANDOC") {
        return PathBuf::from(path);
    }
    let output = Command::new(crate::util::python())
        .args(["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .output()
        .unwrap_or_else(|e| panic!("{PANDOC_MISSING} (cannot run python3: {e})"));
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert!(
        output.status.success() && Path::new(&path).is_file(),
        "{PANDOC_MISSING}"
    );
    PathBuf::from(path)
}

/// The sample article's headline and paragraphs.
pub fn sample_text() -> (String, Vec<String>) {
    let text = fs::read_to_string(repo().join("book/article.txt")).unwrap();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let headline = lines.next().unwrap().to_string();
    (headline, lines.map(str::to_string).collect())
}

/// pandoc's default EPUB (or EPUB 2) of the sample article, as a user without `lang` gets it.
pub fn pandoc_book(dir: &Path, epub2: bool) -> PathBuf {
    let out = dir.join(if epub2 { "pandoc2.epub" } else { "pandoc.epub" });
    let (headline, _) = sample_text();
    let mut command = Command::new(pandoc());
    command
        .env("LANG", "en_US.UTF-8")
        .args([
            "-f",
            "markdown",
            "-t",
            if epub2 { "epub2" } else { "epub3" },
        ])
        .arg(format!("--metadata=title:{headline}"))
        .arg(repo().join("book/article.txt"))
        .arg("-o")
        .arg(&out);
    let status = command.status().expect(PANDOC_MISSING);
    assert!(status.success(), "pandoc failed");
    out
}

fn entry(name: &str, text: &str, extra: Option<(u16, Vec<u8>)>) -> Entry {
    Entry {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
        deflated: name != "mimetype",
        extra,
    }
}

fn jpeg(dir: &Path) -> Vec<u8> {
    let path = dir.join("cover-fixture.jpg");
    write_cover(&path);
    fs::read(path).unwrap()
}

fn paragraphs(class: &str, lang: &str) -> String {
    let (_, paragraphs) = sample_text();
    paragraphs
        .iter()
        .map(|p| format!("<p class=\"{class}\"{lang}>{p}</p>\n"))
        .collect()
}

const CALIBRE_UUID: &str = "urn:uuid:8d3e3c1a-5b7e-4c2a-9f41-3a9c1d2e7b10";

/// A Calibre-style EPUB 2 of the sample.
pub fn calibre_book(dir: &Path) -> PathBuf {
    let (headline, _) = sample_text();
    let opf = format!(
        r#"<?xml version='1.0' encoding='utf-8'?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uuid_id">
  <metadata xmlns:opf="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:calibre="http://calibre.kovidgoyal.net/2009/metadata">
    <dc:title>{headline}</dc:title>
    <dc:creator opf:role="aut" opf:file-as="التحرير، فريق">فريق التحرير</dc:creator>
    <dc:identifier id="uuid_id" opf:scheme="uuid">{CALIBRE_UUID}</dc:identifier>
    <dc:language>en</dc:language>
    <dc:language>ar</dc:language>
    <dc:date>2019-02-27T00:00:00+00:00</dc:date>
    <meta name="calibre:timestamp" content="2019-02-27T00:00:00+00:00"/>
    <meta name="cover" content="cover"/>
  </metadata>
  <manifest>
    <item href="cover.jpeg" id="cover" media-type="image/jpeg"/>
    <item href="titlepage.xhtml" id="titlepage" media-type="application/xhtml+xml"/>
    <item href="index_split_000.xhtml" id="id1" media-type="application/xhtml+xml"/>
    <item href="stylesheet.css" id="css" media-type="text/css"/>
    <item href="page_styles.css" id="page_css" media-type="text/css"/>
    <item href="toc.ncx" id="ncx" media-type="application/x-dtbncx+xml"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="titlepage"/>
    <itemref idref="id1"/>
  </spine>
  <guide>
    <reference href="titlepage.xhtml" title="Cover" type="cover"/>
    <reference href="index_split_000.xhtml" title="النص" type="text"/>
  </guide>
</package>
"#
    );
    let ncx = format!(
        r#"<?xml version='1.0' encoding='utf-8'?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="en">
  <head>
    <meta content="{CALIBRE_UUID}" name="dtb:uid"/>
    <meta content="1" name="dtb:depth"/>
    <meta content="0" name="dtb:totalPageCount"/>
    <meta content="0" name="dtb:maxPageNumber"/>
  </head>
  <docTitle><text>{headline}</text></docTitle>
  <navMap>
    <navPoint id="num_1" playOrder="1">
      <navLabel><text>{headline}</text></navLabel>
      <content src="index_split_000.xhtml#calibre_toc_1"/>
    </navPoint>
  </navMap>
</ncx>
"#
    );
    let titlepage = r#"<?xml version='1.0' encoding='utf-8'?>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
    <head>
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
        <meta name="calibre:cover" content="true"/>
        <title>Cover</title>
        <style type="text/css" title="override_css">
            @page {padding: 0pt; margin:0pt}
            body { text-align: center; padding:0pt; margin: 0pt; }
        </style>
    </head>
    <body>
        <div>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="100%" height="100%" viewBox="0 0 160 256" preserveAspectRatio="none">
                <image width="160" height="256" xlink:href="cover.jpeg"/>
            </svg>
        </div>
    </body>
</html>
"#;
    let chapter = format!(
        r#"<?xml version='1.0' encoding='utf-8'?>
<html xmlns="http://www.w3.org/1999/xhtml">
  <head>
    <title>{headline}</title>
    <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
    <link href="stylesheet.css" rel="stylesheet" type="text/css"/>
    <link href="page_styles.css" rel="stylesheet" type="text/css"/>
  </head>
  <body class="calibre">
<h1 class="calibre2" id="calibre_toc_1">{headline}</h1>
{}  </body>
</html>
"#,
        paragraphs("calibre1", "")
    );
    let css = ".calibre {\n    display: block;\n    font-size: 1em;\n    margin: 0 5pt;\n    direction: rtl\n    }\n\
               .calibre1 {\n    display: block;\n    margin: 1em 0;\n    text-align: left;\n    direction: rtl;\n    unicode-bidi: embed\n    }\n\
               .calibre2 {\n    display: block;\n    font-size: 2em;\n    font-weight: bold;\n    text-align: left\n    }\n";
    let epub = Archive {
        entries: vec![
            entry("mimetype", "application/epub+zip", None),
            entry("META-INF/container.xml", CONTAINER_ROOT, None),
            entry("content.opf", &opf, None),
            entry("toc.ncx", &ncx, None),
            entry("titlepage.xhtml", titlepage, None),
            entry("index_split_000.xhtml", &chapter, None),
            entry("stylesheet.css", css, None),
            entry(
                "page_styles.css",
                "@page {\n    margin-bottom: 5pt;\n    margin-top: 5pt\n    }\n",
                None,
            ),
            Entry {
                name: "cover.jpeg".into(),
                bytes: jpeg(dir),
                deflated: true,
                extra: None,
            },
        ],
        unflagged_names: false,
    };
    let path = dir.join("calibre.epub");
    epub.write(&path);
    path
}

const CONTAINER_ROOT: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
   <rootfiles>
      <rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>
   </rootfiles>
</container>
"#;

const CONTAINER_OEBPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
	<rootfiles>
		<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml" />
	</rootfiles>
</container>
"#;

/// An extended-timestamp extra field (`UT`), as Info-ZIP and InDesign's packager write.
fn timestamp() -> Option<(u16, Vec<u8>)> {
    Some((0x5455, vec![1, 0x00, 0x5E, 0x76, 0x5C]))
}

/// An InDesign-style EPUB 3 of the sample, its `mimetype` with an extra field.
pub fn indesign_book(dir: &Path) -> PathBuf {
    let (headline, _) = sample_text();
    let opf = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" xml:lang="en-US" unique-identifier="bookid">
	<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
		<meta name="generator" content="Adobe InDesign 19.0" />
		<dc:title>{headline}</dc:title>
		<dc:creator>فريق التحرير</dc:creator>
		<dc:language>ar</dc:language>
		<meta property="dcterms:modified">2024-01-31T12:00:00Z</meta>
		<dc:identifier id="bookid">urn:uuid:0b9d6c52-7a3e-4d0f-8c11-2f6e9a4b5d21</dc:identifier>
	</metadata>
	<manifest>
		<item id="toc" properties="nav" href="toc.xhtml" media-type="application/xhtml+xml" />
		<item id="Story" href="Text/Story.xhtml" media-type="application/xhtml+xml" />
		<item id="idGeneratedStyles.css" href="Styles/idGeneratedStyles.css" media-type="text/css" />
		<item id="cover.jpg" href="Images/cover.jpg" media-type="image/jpeg" properties="cover-image" />
	</manifest>
	<spine>
		<itemref idref="Story" />
	</spine>
</package>
"#
    );
    let nav = r#"<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
	<head>
		<meta charset="utf-8" />
		<title>TOC</title>
	</head>
	<body>
		<nav epub:type="toc" id="toc">
			<h2>المحتويات</h2>
			<ol>
				<li><a href="Text/Story.xhtml">النص</a></li>
			</ol>
		</nav>
	</body>
</html>
"#;
    let story = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
	<head>
		<meta charset="utf-8" />
		<title>Story</title>
		<link href="../Styles/idGeneratedStyles.css" rel="stylesheet" type="text/css" />
	</head>
	<body id="Story" lang="en-US" xml:lang="en-US">
		<div class="_idGenObjectStyleOverride-1"><img class="_idGenObjectAttribute-1" src="../Images/cover.jpg" alt="" /></div>
		<h1 class="Heading" lang="ar-SA" xml:lang="ar-SA">{headline}</h1>
{}	</body>
</html>
"#,
        paragraphs("Body-Text", " lang=\"ar-SA\" xml:lang=\"ar-SA\"")
    );
    let css = "@charset \"UTF-8\";\nbody {\n\tdirection:rtl;\n}\n\
               h1.Heading {\n\tcolor:#000000;\n\tdirection:rtl;\n\tfont-size:2em;\n\ttext-align:right;\n}\n\
               p.Body-Text {\n\tcolor:#000000;\n\tdirection:rtl;\n\tfont-size:1em;\n\ttext-align:justify;\n\ttext-indent:18px;\n\tunicode-bidi:embed;\n}\n\
               img._idGenObjectAttribute-1 {\n\twidth:100%;\n}\n";
    let epub = Archive {
        entries: vec![
            entry(
                "mimetype",
                "application/epub+zip",
                Some((0xCAFE, vec![1, 2, 3, 4])),
            ),
            entry("META-INF/container.xml", CONTAINER_OEBPS, timestamp()),
            entry("OEBPS/content.opf", &opf, timestamp()),
            entry("OEBPS/toc.xhtml", nav, timestamp()),
            entry("OEBPS/Text/Story.xhtml", &story, timestamp()),
            entry("OEBPS/Styles/idGeneratedStyles.css", css, timestamp()),
            Entry {
                name: "OEBPS/Images/cover.jpg".into(),
                bytes: jpeg(dir),
                deflated: false,
                extra: timestamp(),
            },
        ],
        unflagged_names: false,
    };
    let path = dir.join("indesign.epub");
    epub.write(&path);
    path
}

/// A Shamela-style EPUB 3 of the sample, as a third-party converter of the Shamela library
/// writes one and Info-ZIP zips it: Arabic file names stored without the zip's UTF-8 flag,
/// every document using `epub:type` without declaring the `epub` prefix (not well-formed),
/// `direction` and `unicode-bidi` in the style sheet, no `dir` on `<package>`.
pub fn shamela_book(dir: &Path) -> PathBuf {
    let (headline, _) = sample_text();
    let chapter = "OEBPS/text/0001_الفصل-الأول.xhtml";
    let opf = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="ar">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:4f1c2b7e-9d3a-4e6b-8a21-5c7d9e0f1a2b</dc:identifier>
    <dc:title>{headline}</dc:title>
    <dc:language>ar</dc:language>
    <meta property="dcterms:modified">2024-05-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="css/style.css" media-type="text/css"/>
    <item id="c1" href="text/0001_الفصل-الأول.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine page-progression-direction="rtl">
    <itemref idref="c1"/>
  </spine>
</package>
"#
    );
    let nav = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar" lang="ar" dir="rtl">
<head><title>الفهرس</title></head>
<body>
<nav epub:type="toc" id="toc"><h1>الفهرس</h1>
<ol><li><a href="text/0001_الفصل-الأول.xhtml">الفصل الأول</a></li></ol>
</nav>
</body>
</html>
"#;
    let story = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar" lang="ar" dir="rtl">
<head><title>الفصل الأول</title><link rel="stylesheet" type="text/css" href="../css/style.css"/></head>
<body>
<section epub:type="chapter">
<h1>{headline}</h1>
{}</section>
</body>
</html>
"#,
        paragraphs("text", "")
    );
    let css = "body {\n  direction: rtl;\n  unicode-bidi: embed;\n  text-align: justify;\n}\n";
    let epub = Archive {
        entries: vec![
            entry("mimetype", "application/epub+zip", None),
            entry("META-INF/container.xml", CONTAINER_OEBPS, None),
            entry("OEBPS/content.opf", &opf, None),
            entry("OEBPS/nav.xhtml", nav, None),
            entry("OEBPS/css/style.css", css, None),
            entry(chapter, &story, None),
        ],
        unflagged_names: true,
    };
    let path = dir.join("shamela.epub");
    epub.write(&path);
    path
}
