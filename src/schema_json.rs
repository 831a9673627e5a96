//! The JSON Schema (Draft 4) of the fiche front matter, generated from the declaration the
//! checker uses ([`crate::schema::FICHE`]) and the site's vocabularies, so the two
//! cannot drift apart. Editors that read JSON Schema for TOML (Taplo, Even Better TOML) show
//! the fields' meanings and complete the values; `sira check` stays the reference.
//!
//! Titles and descriptions carry French and English; `x-taplo.docs.enumValues` labels each
//! vocabulary id in both languages.

use serde_json::{json, Map, Value};

use crate::schema::{Field, Ty, FICHE};
use crate::vocab::Vocabularies;

/// The schema of a default-language fiche (`translation` false) or of a translation file.
pub fn fiche_schema(vocab: &Vocabularies, languages: &[String], translation: bool) -> Value {
    let (title, description) = if translation {
        (
            "Sira — traduction de fiche / fiche translation",
            "Front matter of a fiche translation (`<slug>.<lang>.md`): translatable fields only, all optional. / En-tête d'une traduction de fiche : champs traduisibles seulement, tous facultatifs.",
        )
    } else {
        (
            "Sira — fiche",
            "Front matter of a fiche in the default language (`<slug>.md`), between `+++` fences. / En-tête TOML d'une fiche dans la langue par défaut, entre les lignes `+++`.",
        )
    };
    let mut schema = table(&FICHE, vocab, languages, translation);
    if let Value::Object(m) = &mut schema {
        m.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-04/schema#"),
        );
        m.insert("title".into(), json!(title));
        m.insert("description".into(), json!(description));
    }
    schema
}

fn table(fields: &[Field], vocab: &Vocabularies, languages: &[String], translation: bool) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields.iter().filter(|f| !translation || f.in_translation()) {
        let mut p = ty(&f.ty, vocab, languages, translation);
        if let Value::Object(m) = &mut p {
            m.insert("title".into(), json!(f.key));
            m.insert(
                "description".into(),
                json!(format!("{}\n\n{}", f.doc_fr, f.doc_en)),
            );
        }
        properties.insert(f.key.to_string(), p);
        if f.required && !translation {
            required.push(json!(f.key));
        }
    }
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    m.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        m.insert("required".into(), Value::Array(required));
    }
    m.insert("additionalProperties".into(), json!(false));
    Value::Object(m)
}

fn ty(t: &Ty, vocab: &Vocabularies, languages: &[String], translation: bool) -> Value {
    match t {
        Ty::Str(Some(n)) => json!({"type": "string", "minLength": 1, "maxLength": n}),
        Ty::Str(None) | Ty::Duration => json!({"type": "string", "minLength": 1}),
        Ty::Int(min, max) => json!({"type": "integer", "minimum": min, "maximum": max}),
        Ty::Year => json!({"type": "integer", "minimum": 1800, "maximum": 2100}),
        Ty::Num(min, max) => json!({"type": "number", "minimum": min, "maximum": max}),
        Ty::Bool => json!({"type": "boolean"}),
        // TOML dates reach JSON tools as strings.
        Ty::Date => json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"}),
        Ty::Url => json!({"type": "string", "pattern": "^https?://"}),
        Ty::Email => json!({"type": "string", "format": "email"}),
        Ty::Phone => json!({"type": "string", "pattern": "^\\+?[0-9][0-9 ().-]*$"}),
        Ty::Slug => json!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}),
        Ty::Lang => json!({"type": "string", "enum": languages}),
        Ty::Currency => json!({"type": "string", "pattern": "^[A-Z]{3}$"}),
        Ty::Vocab(kind) => {
            let terms = &vocab.get(*kind).terms;
            let ids: Vec<&str> = terms.iter().map(|t| t.id.as_str()).collect();
            let docs: Vec<String> = terms
                .iter()
                .map(|t| {
                    languages
                        .iter()
                        .map(|l| t.label(l))
                        .collect::<Vec<_>>()
                        .join(" / ")
                })
                .collect();
            json!({"type": "string", "enum": ids, "x-taplo": {"docs": {"enumValues": docs}}})
        }
        Ty::OneOf(options) => json!({"type": "string", "enum": options}),
        Ty::List(item) => {
            json!({"type": "array", "items": ty(item, vocab, languages, translation), "uniqueItems": true})
        }
        Ty::PerLang => {
            let props: Map<String, Value> = languages
                .iter()
                .map(|l| (l.clone(), json!({"type": "string", "minLength": 1})))
                .collect();
            json!({"type": "object", "properties": props, "additionalProperties": false})
        }
        Ty::Table(fields) => table(fields, vocab, languages, translation),
        Ty::Party => json!({"oneOf": [
            {"type": "string", "minLength": 1, "maxLength": 200},
            table(&crate::schema::PARTY_REF, vocab, languages, translation),
        ]}),
        Ty::TableList(fields) => {
            json!({"type": "array", "items": table(fields, vocab, languages, translation)})
        }
    }
}
