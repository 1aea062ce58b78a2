//! Default renderers: locale formatting, the handlebars email template engine, PDF documents
//! and ZIP archives of them.

pub mod format;
pub mod pdf;
pub mod templates;
pub mod zip;

pub use pdf::PdfRenderer;
pub use templates::HandlebarsEngine;
