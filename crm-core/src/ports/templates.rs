use crate::domain::{EmailTemplate, Locale, TemplateKind};

/// An email rendered from a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    /// Subject line.
    pub subject: String,
    /// HTML body, every variable escaped.
    pub html: String,
    /// Plain-text body.
    pub text: String,
}

/// Why a template was rejected or could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The template does not parse.
    #[error("template syntax error in {part}: {message}")]
    Syntax {
        /// `subject` or `body`.
        part: &'static str,
        /// What the parser said.
        message: String,
    },
    /// The template uses a variable this kind does not offer.
    #[error("unknown variable in {part}: {name}")]
    UnknownVariable {
        /// `subject` or `body`.
        part: &'static str,
        /// The variable.
        name: String,
    },
    /// A construct that is not allowed (raw output, partials, deep nesting…).
    #[error("not allowed in {part}: {message}")]
    Forbidden {
        /// `subject` or `body`.
        part: &'static str,
        /// What and why.
        message: String,
    },
    /// Subject not one line, or a part is too long.
    #[error("{part}: {message}")]
    Invalid {
        /// `subject` or `body`.
        part: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl TemplateError {
    /// `subject` or `body`.
    pub fn part(&self) -> &'static str {
        match self {
            Self::Syntax { part, .. }
            | Self::UnknownVariable { part, .. }
            | Self::Forbidden { part, .. }
            | Self::Invalid { part, .. } => part,
        }
    }
}

/// Renders per-client email templates.
///
/// # Contract
/// - `validate` accepts exactly the templates `render` can render with any context of that
///   kind: syntax, variables and limits are checked at save time, never first at send time.
/// - `render` sees only the context it is given (the documented variables of the kind); it has
///   no access to files, the environment or the network. HTML output escapes every variable.
pub trait TemplateEngine: Send + Sync {
    /// Checks a template before it is saved.
    fn validate(&self, kind: TemplateKind, template: &EmailTemplate) -> Result<(), TemplateError>;

    /// Renders `template` with `context` (a JSON object of the kind's variables).
    fn render(
        &self,
        kind: TemplateKind,
        template: &EmailTemplate,
        context: &serde_json::Value,
    ) -> Result<RenderedEmail, TemplateError>;

    /// The built-in template of `kind` in `locale`.
    fn default_template(&self, kind: TemplateKind, locale: Locale) -> EmailTemplate;
}
