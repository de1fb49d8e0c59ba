//! The typst "world" of the PDF report: everything the compiler may read, and nothing else.
//!
//! typst reaches files, fonts and the date only through its [`World`] trait. This one
//! serves the template as `/report.typ`, the data as `/data.json` and the charts as
//! `/fig-N.svg`, all from memory; the fonts are the ones compiled into mutu
//! (`crates/render/fonts/`); the date is the report's. No path is read from the disk, no
//! package is downloaded: a template importing anything else gets "file not found".

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The font files compiled in (see `crates/render/fonts/README.md` and its licence).
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
];

/// The bundled fonts and their book, parsed once per process.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// typst's standard library, built once per process.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The file id of a path at the root of the report's virtual project (`report.typ`). Ids
/// are interned, so the same names give the same ids from one report to the next.
pub(super) fn file_id(name: &str) -> Result<FileId, String> {
    let path = VirtualPath::new(format!("/{name}")).map_err(|e| format!("{name} : chemin invalide ({e:?})"))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// A report being compiled: the template and the virtual files it may read.
pub(super) struct ReportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

impl ReportWorld {
    /// The world of one report: `template` is the main file, `files` the data and the
    /// drawings by name, `today` what the template's `datetime.today()` returns.
    pub(super) fn new(template: &str, files: Vec<(String, Vec<u8>)>, today: Option<Datetime>) -> Result<Self, String> {
        let main = Source::new(file_id("report.typ")?, template.to_owned());
        let files = files
            .into_iter()
            .map(|(name, bytes)| Ok((file_id(&name)?, Bytes::new(bytes))))
            .collect::<Result<_, String>>()?;
        Ok(ReportWorld { main, files, today })
    }

    /// The text of a file, to point a diagnostic at its line.
    pub(super) fn text(&self, id: FileId) -> Option<&str> {
        if id == self.main.id() {
            return Some(self.main.text());
        }
        self.files.get(&id).and_then(|bytes| std::str::from_utf8(bytes).ok())
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(not_found(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
