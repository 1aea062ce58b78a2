//! Default renderers: locale formatting and the handlebars email template engine.

pub mod format;
pub mod templates;

pub use templates::HandlebarsEngine;
