//! The first hour: `folio init` (a small commented report that builds at once), `folio
//! layouts` (the shipped layouts, and one as YAML to copy) and `folio fonts` (the families
//! Folio can use and the scripts each covers).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diag::SourceRef;
use crate::fonts::FontBook;
use crate::input::Scope;
use crate::layouts;
use crate::run::output::OutputDir;
use crate::schema;

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Folder to write the new report into (made when missing; no file in it is replaced).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Languages of the editions, comma-separated; the first is the original.
    #[arg(long, value_delimiter = ',', default_value = "en")]
    langs: Vec<String>,
    /// The shipped layout to copy beside the report (`folio layouts` lists them).
    #[arg(long, default_value = layouts::DEFAULT_LAYOUT)]
    layout: String,
}

#[derive(clap::Args, Debug)]
pub struct LayoutsArgs {
    #[command(subcommand)]
    show: Option<LayoutsCommand>,
}

#[derive(clap::Subcommand, Debug)]
enum LayoutsCommand {
    /// Print a shipped layout as YAML, to copy and edit.
    Show { name: String },
}

#[derive(clap::Args, Debug)]
pub struct FontsArgs {
    /// More fonts (repeatable), as for `folio build`.
    #[arg(long)]
    font_dir: Vec<PathBuf>,
    /// A layout file whose own font folder (`font-dir`) to include.
    #[arg(long)]
    layout: Option<String>,
}

/// `folio init`: writes report.yaml, one edition file per language, a copy of the layout
/// (with the images it names) and the schemas in `.folio/`, or nothing when any of them
/// exists already.
pub fn init(args: InitArgs) -> ExitCode {
    match init_files(&args.langs, &args.layout, &args.dir)
        .and_then(|files| write_new(&args.dir, &files))
    {
        Ok(written) => {
            for path in &written {
                println!("{}", path.display());
            }
            let report = args.dir.join("report.yaml");
            println!(
                "build it with: folio build {} -o {}",
                report.display(),
                args.dir.join("out").display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}\nnothing was written");
            ExitCode::from(1)
        }
    }
}

/// `folio layouts` and `folio layouts show NAME`.
pub fn layouts(args: LayoutsArgs) -> ExitCode {
    match args.show {
        None => {
            let names = layouts::shipped_layouts();
            let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
            for name in names {
                let text = shipped_text(name).unwrap_or_default();
                println!("{name:<width$}  {}", description(text));
            }
            ExitCode::SUCCESS
        }
        Some(LayoutsCommand::Show { name }) => match shipped_text(&name) {
            Some(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "error: unknown layout `{name}`; expected one of {}",
                    layouts::shipped_layouts().join(", ")
                );
                ExitCode::from(1)
            }
        },
    }
}

/// `folio fonts`: every family, its styles, the scripts it covers and where it comes from.
pub fn fonts(args: FontsArgs) -> ExitCode {
    let own = match &args.layout {
        None => Ok(None),
        Some(name) => layouts::load_layout(
            name,
            Path::new("."),
            &SourceRef::file(Path::new("--layout")),
            &Scope::anywhere(),
        )
        .and_then(|l| layouts::font_dir(&l)),
    };
    let anywhere = Scope::anywhere();
    let book = own.and_then(|own| {
        let dirs = (args.font_dir.iter().map(|d| (d.as_path(), &anywhere)))
            .chain(own.as_ref().map(|(d, scope)| (d.as_path(), scope)));
        FontBook::load_scoped(&dirs.collect::<Vec<_>>())
    });
    match book {
        Ok(book) => {
            print!("{}", fonts_table(&book));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{diags}");
            ExitCode::from(1)
        }
    }
}

/// The table `folio fonts` prints.
pub fn fonts_table(book: &FontBook) -> String {
    let families = book.families();
    let rows: Vec<[String; 4]> = families
        .iter()
        .map(|f| {
            let shipped = f
                .files
                .iter()
                .all(|file| (crate::assets::EMBEDDED_FONTS.iter()).any(|(name, _)| name == file));
            let source = if shipped {
                "shipped".to_string()
            } else {
                let dirs: std::collections::BTreeSet<String> = (f.files.iter())
                    .map(|file| {
                        let parent = Path::new(file).parent().unwrap_or(Path::new(""));
                        parent.display().to_string()
                    })
                    .collect();
                dirs.into_iter().collect::<Vec<_>>().join(", ")
            };
            [
                f.name.clone(),
                f.styles.join(", "),
                if f.scripts.is_empty() {
                    "-".to_string()
                } else {
                    f.scripts.join(", ")
                },
                source,
            ]
        })
        .collect();
    let header = ["family", "styles", "scripts", "from"].map(String::from);
    let widths: Vec<usize> = (0..3)
        .map(|i| {
            (rows.iter().chain([&header]))
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let _ = writeln!(
            out,
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
    }
    out
}

/// A shipped layout's file as written.
pub fn shipped_text(name: &str) -> Option<&'static str> {
    let wanted = format!("{name}.yaml");
    crate::assets::EMBEDDED_LAYOUTS
        .iter()
        .find(|(file, _)| *file == wanted)
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
}

/// A layout's one-line description: the first sentence of the comment it opens with.
pub fn description(text: &str) -> String {
    let comment: Vec<&str> = text
        .lines()
        .map_while(|l| l.strip_prefix('#'))
        .map(str::trim)
        .collect();
    let joined = comment.join(" ");
    match joined.find(". ") {
        Some(i) => joined[..=i].to_string(),
        None => joined,
    }
}

/// The files `folio init` writes, by path relative to the report's folder.
pub fn init_files(
    langs: &[String],
    layout: &str,
    dir: &Path,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let langs: Vec<String> = langs
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if langs.is_empty() {
        return Err("--langs names no language; expected tags such as `en,fr`".into());
    }
    for (i, lang) in langs.iter().enumerate() {
        if lang.parse::<icu_locale_core::LanguageIdentifier>().is_err() {
            return Err(format!(
                "--langs names `{lang}`; expected a language tag such as `en`, `fr` or `zh-Hans`"
            ));
        }
        if langs[..i].iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            return Err(format!("--langs names `{lang}` twice"));
        }
    }
    let Some(layout_text) = shipped_text(layout) else {
        return Err(format!(
            "unknown layout `{layout}`; expected one of {} (`folio layouts` describes them)",
            layouts::shipped_layouts().join(", ")
        ));
    };
    let loaded = layouts::load_layout(
        layout,
        Path::new("."),
        &SourceRef::file(Path::new("--layout")),
        &Scope::anywhere(),
    )
    .map_err(|e| e.to_string())?;
    let masthead = loaded.def.masthead.is_some();

    let mut files = Vec::new();
    files.push((
        "report.yaml".to_string(),
        report_yaml(&langs, layout, masthead, &id_for(dir)).into_bytes(),
    ));
    for lang in &langs {
        files.push((
            format!("{lang}.yaml"),
            edition_yaml(lang, masthead).into_bytes(),
        ));
    }
    let layout_copy = format!(
        "{}# A copy of Folio's shipped layout `{layout}`, to edit: report.yaml names this file.\n# docs/format.md describes every field; `folio layouts` lists the other shipped layouts.\n{layout_text}",
        modeline("layout")
    );
    files.push(("layout.yaml".to_string(), layout_copy.into_bytes()));
    // The images the layout names travel with the copy, under the same names beside it.
    for (path, bytes) in &loaded.images {
        let (Some(name), Ok(bytes)) = (path.file_name(), bytes) else {
            continue;
        };
        files.push((name.to_string_lossy().into_owned(), bytes.to_vec()));
    }
    for (name, make) in schema::FILES {
        let text = schema::to_text(&make());
        files.push((format!("{}/{name}", schema::DIR), text.into_bytes()));
    }
    Ok(files)
}

/// The line that tells a YAML editor (yaml-language-server) which schema a file follows:
/// the copy `folio init` writes into `.folio/`, relative to the file.
fn modeline(kind: &str) -> String {
    format!(
        "# yaml-language-server: $schema={}/{kind}.schema.json\n",
        schema::DIR
    )
}

/// A report id from the folder's name: lower-case letters, digits and `-`.
fn id_for(dir: &Path) -> String {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id: String = id.chars().take(64).collect();
    match id.trim_end_matches('-') {
        "" => "my-report".to_string(),
        id => id.to_string(),
    }
}

fn report_yaml(langs: &[String], layout: &str, masthead: bool, id: &str) -> String {
    let today = jiff::Zoned::now().date();
    let mut out = modeline("report");
    out.push_str(
        "# A Folio report: what every language edition shares. Each edition's text is in its own\n\
         # file. Build with `folio build report.yaml -o out`; docs/format.md describes every field.\n",
    );
    let mut field = |line: String, comment: &str| out.push_str(&commented(&line, comment));
    field(format!("id: {id}"), "names the output files: ID.LANG.pdf");
    field(
        format!("symbol: DOC/{}/1", today.year()),
        "the document symbol, printed in the header",
    );
    field(format!("date: {today}"), "the date of issue, YYYY-MM-DD");
    field(
        format!("original: {}", langs[0]),
        "the language the report was written in",
    );
    field(
        "layout: layout.yaml".into(),
        &format!("your copy of the shipped `{layout}`, or a shipped name (`folio layouts`)"),
    );
    if masthead {
        field(
            "distribution: general".into(),
            "the masthead's \"Distr.\" line: general, limited or restricted",
        );
    }
    field(
        "editions:".into(),
        "one per language, each in a file of its own",
    );
    for lang in langs {
        let _ = writeln!(out, "  - lang: {lang}\n    source: {lang}.yaml");
    }
    out
}

/// A line with a comment after it, the comments of a file lined up where the lines allow
/// (YAML needs a space before the `#`).
fn commented(line: &str, comment: &str) -> String {
    const COLUMN: usize = 26;
    let pad = COLUMN.saturating_sub(line.chars().count()).max(1);
    format!("{line}{}# {comment}\n", " ".repeat(pad))
}

/// The words of a sample edition in one language.
struct Sample {
    name: &'static str,
    title: &'static str,
    subtitle: &'static str,
    organ: &'static str,
    introduction: &'static str,
    first: &'static str,
    points: [&'static str; 2],
    conclusions: &'static str,
    last: &'static str,
}

/// The six official languages of the United Nations have samples; other languages start
/// from the English text, to translate.
fn sample(lang: &str) -> &'static Sample {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    SAMPLES
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(primary))
        .map_or(&SAMPLES[0].1, |(_, s)| s)
}

fn edition_yaml(lang: &str, masthead: bool) -> String {
    let s = sample(lang);
    let fallback = sample_is_fallback(lang);
    let mut out = modeline("edition");
    let name = if fallback {
        format!("`{lang}`")
    } else {
        format!("{} ({lang})", s.name)
    };
    let _ = writeln!(
        out,
        "# The {name} edition: its blocks match the other editions' one for one. Text is\n\
         # Markdown-like: *emphasis*, **strong**, and a footnote^[written in place]."
    );
    if fallback {
        out.push_str("# The text below is English: translate it.\n");
    }
    let _ = writeln!(out, "title: {}", quoted(s.title));
    let _ = writeln!(out, "subtitle: {}", quoted(s.subtitle));
    if masthead {
        let organ = format!("organ: {}", quoted(s.organ));
        out.push_str(&commented(
            &organ,
            "the organ the document is addressed to, in the masthead",
        ));
    }
    out.push_str("body:\n");
    let _ = writeln!(out, "  - heading: {}", quoted(s.introduction));
    let _ = writeln!(out, "  - paragraph: >-\n{}", folded(s.first, 6));
    out.push_str("  - list:\n      numbered: true\n      items:\n");
    for point in s.points {
        let _ = writeln!(out, "        - {}", quoted(point));
    }
    let _ = writeln!(out, "  - heading: {}", quoted(s.conclusions));
    let _ = writeln!(out, "  - paragraph: >-\n{}", folded(s.last, 6));
    out
}

/// The lines of a folded block scalar (`>-`) holding `text`, indented by `indent`: broken
/// at spaces only, each break read back as the space it replaced (so text without spaces,
/// such as Chinese, stays on one line).
fn folded(text: &str, indent: usize) -> String {
    const WIDTH: usize = 90;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && indent + line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::take(&mut line));
        } else if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    let pad = " ".repeat(indent);
    lines
        .iter()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sample_is_fallback(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    !SAMPLES.iter().any(|(l, _)| l.eq_ignore_ascii_case(primary))
}

/// A YAML double-quoted string (the samples hold `: ` and `*`).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string is JSON")
}

const SAMPLES: [(&str, Sample); 6] = [
    (
        "en",
        Sample {
            name: "English",
            title: "Title of the report",
            subtitle: "Prepared with Folio",
            organ: "General Assembly",
            introduction: "Introduction",
            first: "This is the first paragraph of the report. Replace it with your own text: *emphasis* and **strong emphasis** are written as in Markdown, and a footnote is written where it belongs.^[A footnote is numbered and set at the foot of the page.]",
            points: ["The first point.", "The second point."],
            conclusions: "Conclusions",
            last: "Each language has its own file, with the same blocks in the same order, so that every edition says the same.",
        },
    ),
    (
        "fr",
        Sample {
            name: "French",
            title: "Titre du rapport",
            subtitle: "Préparé avec Folio",
            organ: "Assemblée générale",
            introduction: "Introduction",
            first: "Ceci est le premier paragraphe du rapport. Remplacez-le par votre propre texte : l'*emphase* et l'**emphase forte** s'écrivent comme en Markdown, et une note de bas de page s'écrit à sa place.^[Une note est numérotée et placée en bas de page.]",
            points: ["Le premier point.", "Le second point."],
            conclusions: "Conclusions",
            last: "Chaque langue a son propre fichier, avec les mêmes blocs dans le même ordre, afin que chaque version dise la même chose.",
        },
    ),
    (
        "es",
        Sample {
            name: "Spanish",
            title: "Título del informe",
            subtitle: "Preparado con Folio",
            organ: "Asamblea General",
            introduction: "Introducción",
            first: "Este es el primer párrafo del informe. Sustitúyalo por su propio texto: el *énfasis* y el **énfasis fuerte** se escriben como en Markdown, y una nota a pie de página se escribe en su lugar.^[Una nota se numera y se coloca al pie de la página.]",
            points: ["El primer punto.", "El segundo punto."],
            conclusions: "Conclusiones",
            last: "Cada idioma tiene su propio archivo, con los mismos bloques en el mismo orden, para que todas las versiones digan lo mismo.",
        },
    ),
    (
        "ru",
        Sample {
            name: "Russian",
            title: "Название доклада",
            subtitle: "Подготовлено с помощью Folio",
            organ: "Генеральная Ассамблея",
            introduction: "Введение",
            first: "Это первый абзац доклада. Замените его своим текстом: *выделение* и **сильное выделение** пишутся как в Markdown, а сноска пишется там, где она нужна.^[Сноска нумеруется и помещается внизу страницы.]",
            points: ["Первый пункт.", "Второй пункт."],
            conclusions: "Выводы",
            last: "У каждого языка свой файл с теми же блоками в том же порядке, чтобы все версии говорили одно и то же.",
        },
    ),
    (
        "ar",
        Sample {
            name: "Arabic",
            title: "عنوان التقرير",
            subtitle: "أُعدّ باستخدام Folio",
            organ: "الجمعية العامة",
            introduction: "مقدمة",
            first: "هذه هي الفقرة الأولى من التقرير. استبدلها بنصك الخاص: يُكتب *التأكيد* و**التأكيد القوي** كما في Markdown، وتُكتب الحاشية في موضعها.^[تُرقَّم الحاشية وتوضع في أسفل الصفحة.]",
            points: ["النقطة الأولى.", "النقطة الثانية."],
            conclusions: "الاستنتاجات",
            last: "لكل لغة ملفها الخاص، بالكتل نفسها وبالترتيب نفسه، حتى تقول كل النسخ الشيء نفسه.",
        },
    ),
    (
        "zh",
        Sample {
            name: "Chinese",
            title: "报告标题",
            subtitle: "用 Folio 编写",
            organ: "大会",
            introduction: "导言",
            first: "这是报告的第一段。请用您自己的文字替换它：*强调*和**着重强调**的写法与 Markdown 相同，脚注写在其所在的位置。^[脚注有编号，置于页面底部。]",
            points: ["第一点。", "第二点。"],
            conclusions: "结论",
            last: "每种语言都有自己的文件，块相同、顺序相同，使每个版本表达相同的内容。",
        },
    ),
];

/// Writes `files` under `dir`, none of which may exist: all are checked first (nothing is
/// written when one exists), then staged in full and renamed to their names without
/// replacing anything (src/run/output.rs). Should another process make one of the names
/// in between, the files this call made are removed again.
pub fn write_new(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, String> {
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .map(|p| format!("`{}`", p.display()))
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "{} already exist{}; folio init never replaces a file (choose an empty folder: `folio init NEW-FOLDER`)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        ));
    }
    // One output folder per folder the files go into (the report's and `.folio/`).
    let mut folders: Vec<(PathBuf, OutputDir, Vec<_>)> = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        let folder = path.parent().unwrap_or(dir).to_path_buf();
        let file_name = path.file_name().unwrap_or_default().to_string_lossy();
        let i = match folders.iter().position(|(f, ..)| *f == folder) {
            Some(i) => i,
            None => {
                folders.push((folder.clone(), OutputDir::open(&folder)?, Vec::new()));
                folders.len() - 1
            }
        };
        let staged = folders[i].1.stage(&file_name, bytes)?;
        folders[i].2.push((file_name.into_owned(), staged));
    }
    let mut written: Vec<PathBuf> = Vec::new();
    for (_, out, staged) in folders.iter_mut() {
        for (name, staged) in staged.drain(..) {
            if let Err(e) = out.commit_new(staged) {
                for path in &written {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e);
            }
            written.push(out.path(&name));
        }
        out.sync();
    }
    Ok(written)
}
