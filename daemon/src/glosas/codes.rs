//! The code catalogs as operators see them: a code's family and meaning, searches, and which
//! codes answer a glosa.

use centralita_glosas::catalog::Catalog;
use centralita_protocol::GlosaCode;

/// What the catalog says about a code.
#[derive(Debug, Default)]
pub(super) struct Known {
    /// The family's name (`Facturación`).
    pub(super) family: String,
    pub(super) description: String,
}

/// The family and meaning of normalised `code` (empty when the catalog does not have it).
pub(super) fn describe(catalog: &Catalog, code: &str) -> Known {
    let Some(entry) = catalog.lookup(code) else {
        return Known::default();
    };
    let family = catalog
        .lookup(&entry.family)
        .map_or_else(|| entry.family.clone(), |family| family.description.clone());
    Known {
        family,
        description: entry.description.clone(),
    }
}

/// Codes of both catalogs matching `search`: a code prefix or words of the description.
pub(super) fn search(catalog: &Catalog, search: &str) -> Vec<GlosaCode> {
    let entries = if search.trim().is_empty() {
        catalog.entries().iter().collect()
    } else {
        catalog.search(search)
    };
    entries
        .into_iter()
        .map(|entry| GlosaCode {
            system: entry.system.as_str().to_owned(),
            code: entry.code.clone(),
            family: describe(catalog, &entry.code).family,
            description: entry.description.clone(),
        })
        .collect()
}

/// Whether `code` is a full response code of either catalog (`RE9901`, `996`).
pub(super) fn is_response(catalog: &Catalog, code: &str) -> bool {
    catalog.lookup(code).is_some_and(|entry| {
        entry.is_response() && !entry.is_general_concept() && entry.code.len() != 4
    })
}

/// Every full response code, for the error that lists them.
pub(super) fn responses(catalog: &Catalog) -> Vec<String> {
    catalog
        .entries()
        .iter()
        .filter(|entry| is_response(catalog, &entry.code))
        .map(|entry| entry.code.clone())
        .collect()
}
