//! The words the pack's cover sheet and index print, per language: the six official
//! languages, English for any other.

/// What the cover and the index say about one edition's files, in that edition's language.
pub struct Words {
    /// The language's own name ("Français", "العربية"); see [`language_name`].
    pub language_name: &'static str,
    pub language: &'static str,
    pub format: &'static str,
    pub pages: &'static str,
    pub size: &'static str,
    pub checksum: &'static str,
    /// A sentence saying the files are attached to the cover PDF.
    pub attached: &'static str,
    /// The thumbnail's alternative text.
    pub first_page: &'static str,
}

/// The words for a language tag's primary subtag.
pub fn words(lang: &str) -> Words {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "fr" => Words {
            language_name: "Français",
            language: "Langue",
            format: "Format",
            pages: "Pages",
            size: "Taille (octets)",
            checksum: "SHA-256",
            attached: "Ces fichiers sont joints au présent PDF.",
            first_page: "Première page",
        },
        "es" => Words {
            language_name: "Español",
            language: "Idioma",
            format: "Formato",
            pages: "Páginas",
            size: "Tamaño (bytes)",
            checksum: "SHA-256",
            attached: "Estos archivos se adjuntan al presente PDF.",
            first_page: "Primera página",
        },
        "ru" => Words {
            language_name: "Русский",
            language: "Язык",
            format: "Формат",
            pages: "Страницы",
            size: "Размер (байт)",
            checksum: "SHA-256",
            attached: "Эти файлы вложены в настоящий PDF-файл.",
            first_page: "Первая страница",
        },
        "ar" => Words {
            language_name: "العربية",
            language: "اللغة",
            format: "الصيغة",
            pages: "الصفحات",
            size: "الحجم (بايت)",
            checksum: "SHA-256",
            attached: "هذه الملفات مرفقة بملف PDF هذا.",
            first_page: "الصفحة الأولى",
        },
        "zh" => Words {
            language_name: "中文",
            language: "语言",
            format: "格式",
            pages: "页数",
            size: "大小（字节）",
            checksum: "SHA-256",
            attached: "这些文件附于本PDF文件。",
            first_page: "第一页",
        },
        // English, and the fallback for languages without their own words here.
        _ => Words {
            language_name: "English",
            language: "Language",
            format: "Format",
            pages: "Pages",
            size: "Size (bytes)",
            checksum: "SHA-256",
            attached: "These files are attached to this PDF.",
            first_page: "First page",
        },
    }
}

/// The language's own name, or its tag for a language without words here.
pub fn language_name(lang: &str) -> String {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    if primary.eq_ignore_ascii_case("en") || words(lang).language_name != "English" {
        words(lang).language_name.to_string()
    } else {
        lang.to_string()
    }
}
