//! Renderers: pure functions from loaded checklists to the text of one output format.
//! Every human-readable format passes document text through [`crate::sanitize`]; JSON and
//! YAML escape as their serialisers do.

pub mod ci;
pub mod diff;
pub mod export;
pub mod gate;
pub mod status;
pub mod tree;

/// JSON, pretty-printed, with a final newline.
pub fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    let mut out = serde_json::to_string_pretty(value)?;
    out.push('\n');
    Ok(out)
}

/// YAML through serde-saphyr.
pub fn yaml<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_saphyr::to_string(value)?)
}
