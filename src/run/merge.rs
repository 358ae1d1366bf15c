//! `folio merge-manifests`: joins the folders that `build --shard K/N` wrote into the one
//! folder a single run writes: every report's files copied (and checked against its
//! manifest), then the batch manifest without the shard, under the output folder's contract.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::BatchManifest;
use super::batch::hex;
use super::output::{MANIFEST, OutputDir};
use crate::diag::{Diagnostic, Diagnostics, SourceRef};
use crate::input::{self, InputKind};

/// Merges the shards' folders `dirs` into `out`. An `Err` names every problem found before
/// anything was replaced: a folder without a shard's manifest, shards of different batches
/// or tools, a shard missing or given twice, a file that does not match its manifest.
pub fn merge_manifests(dirs: &[PathBuf], out: &Path) -> Result<BatchManifest, Diagnostics> {
    let fail = |at: &Path, message: String| Diagnostic::error(SourceRef::file(at), message);
    let mut diags = Diagnostics::default();
    let out_id = std::fs::canonicalize(out).ok();
    let mut shards = Vec::new();
    for dir in dirs {
        let file = dir.join(MANIFEST);
        if out_id.is_some() && std::fs::canonicalize(dir).ok() == out_id {
            diags.push(fail(
                dir,
                "this is the output folder too; merge into another folder with -o".to_string(),
            ));
            continue;
        }
        let read = input::read_text(&file, InputKind::Definition).and_then(|text| {
            serde_json::from_str::<BatchManifest>(&text).map_err(|e| e.to_string())
        });
        match read {
            Ok(manifest) if manifest.shard.is_some() => shards.push((dir, manifest)),
            Ok(_) => diags.push(fail(&file, "a batch manifest without a shard; expected one written by `folio build --shard K/N`".to_string())),
            Err(e) => diags.push(fail(&file, format!("cannot read a shard's batch manifest: {e}"))),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let Some((first_dir, first)) = shards.first() else {
        return Err(fail(out, "no shard folders given".to_string()).into());
    };
    let info = first
        .shard
        .clone()
        .unwrap_or_else(|| unreachable!("checked above"));
    let mut indices = BTreeSet::new();
    for (dir, manifest) in &shards {
        let shard = manifest
            .shard
            .as_ref()
            .unwrap_or_else(|| unreachable!("checked above"));
        if (shard.count, shard.batch_reports, &shard.batch_sha256)
            != (info.count, info.batch_reports, &info.batch_sha256)
        {
            diags.push(fail(dir, format!(
                "shard {}/{} of a batch of {} reports is not a slice of the batch of {} (shard {}/{})",
                shard.index, shard.count, shard.batch_reports, first_dir.display(), info.index, info.count
            )));
        }
        if manifest.tool != first.tool {
            diags.push(fail(
                dir,
                format!(
                    "written by {}, {} by {}; build every shard with one Folio",
                    manifest.tool,
                    first_dir.display(),
                    first.tool
                ),
            ));
        }
        if !indices.insert(shard.index) {
            diags.push(fail(
                dir,
                format!("shard {}/{} is given twice", shard.index, shard.count),
            ));
        }
    }
    let missing: Vec<String> = (1..=info.count)
        .filter(|k| !indices.contains(k))
        .map(|k| format!("{k}/{}", info.count))
        .collect();
    if !missing.is_empty() {
        diags.push(fail(out, format!("shards missing: {}", missing.join(", "))));
    }
    let reports: Vec<_> = shards.iter().flat_map(|(_, m)| m.reports.iter()).collect();
    if diags.0.is_empty() && reports.len() != info.batch_reports {
        diags.push(fail(
            out,
            format!(
                "the shards hold {} reports; their batch has {}",
                reports.len(),
                info.batch_reports
            ),
        ));
    }
    if diags.has_errors() {
        return Err(diags);
    }

    let target = OutputDir::open(out).map_err(|e| Diagnostics::from(fail(out, e)))?;
    target.remove(MANIFEST);
    for (dir, manifest) in &shards {
        for report in &manifest.reports {
            let (Some(id), Some(_)) = (&report.id, &report.manifest) else {
                continue;
            };
            copy_report(&dir.join(id), &out.join(id))
                .map_err(|e| Diagnostics::from(fail(&dir.join(id), e)))?;
        }
    }
    let merged = BatchManifest::new(reports.into_iter().cloned().collect(), None);
    target
        .stage(MANIFEST, merged.to_json().as_bytes())
        .and_then(|staged| target.commit(staged))
        .map_err(|e| Diagnostics::from(fail(out, e)))?;
    target.sync();
    Ok(merged)
}

/// Copies one report's folder: every output its manifest lists as written, checked against
/// the manifest's size and SHA-256, then the manifest itself, byte for byte, last.
fn copy_report(from: &Path, to: &Path) -> Result<(), String> {
    let manifest_bytes =
        std::fs::read(from.join(MANIFEST)).map_err(|e| format!("cannot read {MANIFEST}: {e}"))?;
    let manifest: serde_json::Value = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| format!("{MANIFEST} is not a report's manifest: {e}"))?;
    let target = OutputDir::open(to)?;
    let mut staged = Vec::new();
    let mut failed = Vec::new();
    for output in manifest["outputs"].as_array().into_iter().flatten() {
        let path = output["path"].as_str().unwrap_or_default();
        // A report's outputs are plain names in its folder; anything else is not Folio's.
        if path.is_empty() || path.contains('/') || path.starts_with('.') {
            return Err(format!(
                "{MANIFEST} lists `{path}`, which is not an output name"
            ));
        }
        if output["status"] != "ok" {
            failed.push(path.to_string());
            continue;
        }
        let bytes = std::fs::read(from.join(path)).map_err(|e| format!("{path}: {e}"))?;
        let sha = hex(&Sha256::digest(&bytes));
        if Some(bytes.len() as u64) != output["bytes"].as_u64()
            || Some(sha.as_str()) != output["sha256"].as_str()
        {
            return Err(format!(
                "{path} does not match its manifest's size and SHA-256"
            ));
        }
        staged.push(target.stage(path, &bytes)?);
    }
    target.remove(MANIFEST);
    for staged in staged {
        target.commit(staged)?;
    }
    for path in failed {
        target.remove(&path);
    }
    target.sync();
    let staged = target.stage(MANIFEST, &manifest_bytes)?;
    target.commit(staged)?;
    target.sync();
    Ok(())
}
