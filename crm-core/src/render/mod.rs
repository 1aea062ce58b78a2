//! Default renderers: locale formatting, the handlebars email template engine and the HTML
//! layout around its text, PDF documents
//! (with the GiroCode payment QR code) and ZIP archives of them.

pub mod einvoice;
pub mod format;
pub mod girocode;
pub mod mail_layout;
pub mod pdf;
pub mod templates;
pub mod zip;

pub use pdf::PdfRenderer;
pub use templates::HandlebarsEngine;
