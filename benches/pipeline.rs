//! Criterion benchmarks: the whole fixture end to end, and each stage on the English edition
//! (shaping, line breaking, pagination, each writer). Figures are in benches/README.md.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::export::docx::write_docx;
use folio::export::pdf::{PdfFonts, write_pdf};
use folio::run::{self, RunOptions};
use folio::typeset::analyze::{self, Options};
use folio::typeset::flow::FlowBuilder;
use folio::typeset::linebreak::{Params, break_lines};
use folio::typeset::paginate::paginate;
use folio::typeset::shape::Shaper;
use folio::typeset::typeset;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/roundtable-3/report.yaml")
}

fn benches(c: &mut Criterion) {
    let out = tempfile::tempdir().unwrap();
    c.bench_function("fixture end to end (all editions, pdf+docx)", |b| {
        b.iter(|| {
            let opts = RunOptions {
                out_dir: out.path().to_path_buf(),
                ..RunOptions::new(fixture())
            };
            run::build(&opts).unwrap()
        })
    });

    let plan = run::plan(&RunOptions {
        langs: Some(vec!["en".into()]),
        ..RunOptions::new(fixture())
    })
    .unwrap();
    let (edition, layout) = &plan.editions[0];
    let fonts = &plan.fonts;
    let body = layout.style(folio::layouts::StyleName::Body);
    let paragraphs: Vec<_> = edition
        .content
        .body
        .iter()
        .filter_map(|b| match b {
            folio::model::Block::Paragraph { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let opts = Options {
        style: body,
        hyphenation: Some(&layout.hyphenation),
        justification: &layout.justification,
        lang: "en",
        rtl: false,
        link_color: layout.links.color,
        display: false,
    };
    c.bench_function("analyze+shape en paragraphs (cold cache)", |b| {
        b.iter(|| {
            let mut shaper = Shaper::new(fonts, "en");
            paragraphs
                .iter()
                .map(|p| analyze::prepare(p, &opts, &mut shaper).items.len())
                .sum::<usize>()
        })
    });
    let mut shaper = Shaper::new(fonts, "en");
    let prepared: Vec<_> = paragraphs
        .iter()
        .map(|p| analyze::prepare(p, &opts, &mut shaper))
        .collect();
    let width = layout.text_width().0;
    let params = Params {
        first_width: width,
        width,
        tolerance: 2.0,
        ragged: false,
        max_consecutive_hyphens: 2,
        balance: false,
        min_last_line: 0.0,
        max_hyphen_share: 0.25,
    };
    c.bench_function("linebreak en paragraphs (Knuth-Plass)", |b| {
        b.iter(|| {
            prepared
                .iter()
                .map(|p| break_lines(&p.items, &p.text, &params).len())
                .sum::<usize>()
        })
    });
    let mut builder = FlowBuilder::new(edition, layout, fonts, usize::MAX);
    let (blocks, _) = builder.build();
    c.bench_function("paginate en", |b| {
        b.iter(|| paginate(&blocks, &builder.tables, &builder.notes, layout, false).page_count)
    });
    c.bench_function("typeset en", |b| {
        b.iter(|| typeset(edition, layout, fonts).pages.pages.len())
    });
    let pages = typeset(edition, layout, fonts).pages;
    let pdf_fonts = PdfFonts::new(fonts);
    c.bench_function("write_pdf en", |b| {
        b.iter(|| write_pdf(&pages, &pdf_fonts, &plan.pdf).unwrap().len())
    });
    c.bench_function("write_docx en", |b| {
        b.iter(|| write_docx(edition, layout).unwrap().len())
    });
}

criterion_group! {
    name = pipeline;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(pipeline);
