//! Search for Sira: the tantivy schema and analysis, indexing, querying, the static
//! export and the browser search script.
//!
//! The search pipeline stage lands with the offline-search issue; this crate exists now
//! so that the workspace has its final shape and the boundary between site building
//! (the `sira` crate) and search (this crate) is fixed from the start.
