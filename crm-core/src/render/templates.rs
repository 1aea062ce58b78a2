//! The default email template engine (handlebars) and the built-in templates.
//!
//! # Variables
//!
//! Every kind offers the common variables; some add their own. Amounts and dates arrive
//! formatted for the client's locale. Nothing else is visible to a template.
//!
//! | variable | kinds | example |
//! | --- | --- | --- |
//! | `company.name`, `company.email` | all | `Muster GmbH` |
//! | `client.name`, `client.number` | all | `Beispiel AG`, `K-00042` |
//! | `contact.name` | all | `Erika Mustermann` |
//! | `portal_url` | all | the magic link that signs the contact in to the portal |
//! | `invoice.number`, `invoice.total`, `invoice.balance`, `invoice.issue_date`, `invoice.due_date` | `invoice`, `payment_receipt` | `RE-00017`, `1.190,00 €` |
//! | `quote.number`, `quote.total`, `quote.valid_until` | `quote` | `AN-00003` |
//! | `payment.amount`, `payment.date`, `payment.method` | `payment_receipt` | `500,00 €` |
//! | `ticket.subject`, `ticket.message`, `ticket.author` | `ticket_reply` | |
//! | `correction.title`, `correction.number`, `correction.issue_date`, `correction.amount`, `correction.refund_due`; `invoice.number`, `invoice.issue_date` | `correction` | `Stornorechnung`, `ST-00001` |
//! | `reminder.title`, `reminder.number`, `reminder.issue_date`, `reminder.due_date` (the new due date), `reminder.open`, `reminder.interest`, `reminder.fees`, `reminder.total`, `reminder.invoices` (one line per overdue invoice: number, due date, amount) | `dunning_reminder`, `dunning_first`, `dunning_second`, `dunning_final` | `1. Mahnung`, `MA-00001`, `1.230,45 €` |
//! | `link_validity` | `portal_login` | `15 Minuten gültig und kann einmal verwendet werden`, `valid for 30 days` (see [`link_validity`]) |
//!
//! The groups (`company`, `client`, `contact`, `invoice`, `quote`, `payment`, `ticket`,
//! `correction`, `reminder`) can be
//! used as a whole only in `{{#if}}`, `{{#unless}}` and `{{#with}}`.
//!
//! # Rules
//!
//! Templates are validated when saved. Each part (subject and body) is compiled with the
//! handlebars parser and its syntax tree is checked; nothing is rendered before that check.
//!
//! - Syntax must be valid.
//! - A template consists of text, comments, variables (`{{invoice.number}}`) and the blocks
//!   `{{#if x}}`, `{{#unless x}}` and `{{#with group}}` (each with an optional `{{else}}` or
//!   `{{else if y}}`). Nothing else: no raw output (`{{{…}}}`, `{{&…}}`), raw blocks
//!   (`{{{{…}}}}`), partials, partial blocks, inline partials or other decorators, no helper
//!   calls (`lookup`, `log`, `eq`, …), no subexpressions, literals, hash options
//!   (`includeZero=`) or block parameters (`as |x|`). `{{#each}}` is not offered because no
//!   variable is a list.
//! - Every variable — printed, or tested by a block, in any branch including `{{else}}` — must
//!   be one the kind offers (the table above; derived from [`sample_context`]). A printed
//!   variable must be a value, not a group; `{{#with}}` takes a group. Inside
//!   `{{#with invoice}}` paths are relative to `invoice` (`{{number}}`, `{{this.number}}`);
//!   `{{@root.…}}` and `{{../…}}` reach outside. `@index` and other `@` variables do not
//!   exist.
//! - Blocks nest at most [`MAX_NESTING`] deep; an `{{else if …}}` counts as one level more.
//! - The body must print `{{portal_url}}` at least once outside of any block, so every email
//!   carries the link whatever the conditions say.
//! - The subject is one line of at most [`MAX_SUBJECT_CHARS`] characters; the body at most
//!   [`MAX_BODY_BYTES`] bytes.
//!
//! Before the parser runs, a small pre-scan rejects `(`, quotes, `[` and `{` inside `{{…}}`
//! and nesting beyond the limit; it exists only because handlebars parses nested
//! subexpressions and `{{else …}}` chains recursively, which a hostile 64 KiB template could
//! turn into a stack overflow. The syntax tree check is the authoritative one.
//!
//! Rendering repeats every check except the variable list and the `{{portal_url}}` rule, so a
//! template stored before these rules existed can never reach a dangerous construct; strict
//! mode rejects variables missing from the context. The engine itself has every built-in
//! helper except `if`, `unless` and `with` removed and the `inline` decorator replaced by one
//! that fails.
//!
//! # Safety of the output
//!
//! No helper reads files or the environment. The body is plain text; the HTML alternative is
//! made from the rendered text by escaping all of it, so neither a variable nor the template
//! itself can inject markup.

use std::collections::HashSet;

use chrono::Duration;
use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{
    Context, Decorator, DecoratorDef, Handlebars, Path, PathSeg, RenderContext, RenderError,
    RenderErrorReason, no_escape,
};
use serde_json::{Value, json};

use crate::domain::{EmailTemplate, LinkPurpose, Locale, TemplateKind};
use crate::ports::{RenderedEmail, TemplateEngine, TemplateError};

mod defaults;

pub use defaults::{default_template, link_validity};

/// Longest subject in characters.
pub const MAX_SUBJECT_CHARS: usize = 255;
/// Largest body in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Deepest block nesting; each `{{else if …}}` of a chain counts as one level more.
pub const MAX_NESTING: usize = 8;

/// The only block helpers a template may use.
const BLOCK_HELPERS: [&str; 3] = ["if", "unless", "with"];

/// Built-in handlebars helpers the engine removes (everything but [`BLOCK_HELPERS`]).
const REMOVED_HELPERS: [&str; 14] = [
    "each", "lookup", "raw", "log", "eq", "ne", "gt", "gte", "lt", "lte", "and", "or", "not", "len",
];

/// The handlebars engine: strict, no escaping (escaping happens once, on the whole text),
/// no partials, decorators or helpers beyond `if`, `unless` and `with`, no file access.
pub struct HandlebarsEngine {
    hb: Handlebars<'static>,
}

impl std::fmt::Debug for HandlebarsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HandlebarsEngine")
    }
}

impl Default for HandlebarsEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// Takes the place of the built-in `inline` decorator (which defines partials): always fails.
struct NoDecorator;

impl DecoratorDef for NoDecorator {
    fn call<'reg: 'rc, 'rc>(
        &'reg self,
        _: &Decorator<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<(), RenderError> {
        Err(RenderErrorReason::Other("decorators are not allowed".into()).into())
    }
}

impl HandlebarsEngine {
    /// A new engine.
    pub fn new() -> Self {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_escape_fn(no_escape);
        // Belt and braces: the syntax tree check already rejects all of these. `log` would
        // write to the host's logs, `lookup` reads arbitrary keys, `inline` defines partials.
        for name in REMOVED_HELPERS {
            hb.unregister_helper(name);
        }
        // The registry cannot unregister a decorator; replace it.
        hb.register_decorator("inline", Box::new(NoDecorator));
        Self { hb }
    }

    fn render_part(
        &self,
        part: &'static str,
        source: &str,
        context: &Value,
    ) -> Result<String, TemplateError> {
        // Templates saved before the current rules are checked again: nothing unsafe renders.
        check_part(part, source, None)?;
        self.hb
            .render_template(source, context)
            .map_err(|e| match e.reason() {
                RenderErrorReason::MissingVariable(name) => TemplateError::UnknownVariable {
                    part,
                    name: name.clone().unwrap_or_else(|| "?".into()),
                },
                RenderErrorReason::TemplateError(t) => TemplateError::Syntax {
                    part,
                    message: t.to_string(),
                },
                other => TemplateError::Syntax {
                    part,
                    message: other.to_string(),
                },
            })
    }
}

impl TemplateEngine for HandlebarsEngine {
    fn validate(&self, kind: TemplateKind, template: &EmailTemplate) -> Result<(), TemplateError> {
        check_limits(template)?;
        let vars = Variables::of(kind);
        check_part("subject", &template.subject, Some(&vars))?;
        let body = check_part("body", &template.body, Some(&vars))?;
        match body.portal_url {
            PortalUrl::TopLevel => {}
            PortalUrl::OnlyInBlocks => {
                return Err(TemplateError::Invalid {
                    part: "body",
                    message: "must contain {{portal_url}} outside of {{#if}}, {{#unless}} and \
                              {{#with}} blocks, so every email carries the link"
                        .into(),
                });
            }
            PortalUrl::Missing => {
                return Err(TemplateError::Invalid {
                    part: "body",
                    message: "must contain {{portal_url}}".into(),
                });
            }
        }
        // Only after the checks above: the tree is known to be harmless to render.
        self.render(kind, template, &sample_context(kind))
            .map(|_| ())
    }

    fn render(
        &self,
        _kind: TemplateKind,
        template: &EmailTemplate,
        context: &Value,
    ) -> Result<RenderedEmail, TemplateError> {
        check_limits(template)?;
        let subject = self.render_part("subject", &template.subject, context)?;
        let text = self.render_part("body", &template.body, context)?;
        // Variables may carry line breaks; a subject never does (header injection).
        let subject: String = subject
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_owned();
        let html = text_to_html(&text);
        Ok(RenderedEmail {
            subject,
            html,
            text,
        })
    }

    fn default_template(&self, kind: TemplateKind, locale: Locale) -> EmailTemplate {
        default_template(kind, locale)
    }
}

fn check_limits(t: &EmailTemplate) -> Result<(), TemplateError> {
    if t.subject.trim().is_empty() {
        return Err(TemplateError::Invalid {
            part: "subject",
            message: "must not be empty".into(),
        });
    }
    if t.subject.contains(['\r', '\n']) {
        return Err(TemplateError::Invalid {
            part: "subject",
            message: "must be one line".into(),
        });
    }
    if t.subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(TemplateError::Invalid {
            part: "subject",
            message: format!("must be at most {MAX_SUBJECT_CHARS} characters"),
        });
    }
    if t.body.trim().is_empty() {
        return Err(TemplateError::Invalid {
            part: "body",
            message: "must not be empty".into(),
        });
    }
    if t.body.len() > MAX_BODY_BYTES {
        return Err(TemplateError::Invalid {
            part: "body",
            message: format!("must be at most {} KiB", MAX_BODY_BYTES / 1024),
        });
    }
    Ok(())
}

fn forbidden(part: &'static str, message: impl Into<String>) -> TemplateError {
    TemplateError::Forbidden {
        part,
        message: message.into(),
    }
}

fn too_deep(part: &'static str) -> TemplateError {
    forbidden(part, format!("blocks nested more than {MAX_NESTING} deep"))
}

/// Pre-scans, compiles and checks one part; with `vars`, also checks every variable against
/// them (validation), without only the structure (rendering).
fn check_part(
    part: &'static str,
    source: &str,
    vars: Option<&Variables>,
) -> Result<Usage, TemplateError> {
    prescan(part, source)?;
    let template = Template::compile(source).map_err(|e| TemplateError::Syntax {
        part,
        message: e.to_string(),
    })?;
    check_tree(part, &template, vars)
}

/// A guard for the parser, not the policy (that is [`check_tree`]).
///
/// handlebars turns nested subexpressions `(a (a (a …)))` and `{{else …}}` chains into
/// recursion; a few hundred levels, easily written in 64 KiB, overflow the stack and abort the
/// process before any tree could be checked. This scan finds each `{{…}}` tag the way the
/// parser does and rejects any containing `(`, a quote, `[` or `{`, which an allowed template
/// never needs (no subexpressions, literals, `[…]` segments, raw output or raw blocks). Without
/// those characters a tag cannot contain `}}` before its end, so the tags found here are
/// exactly the parser's, and the block depth counted here (comments skipped, `{{else …}}`
/// adding a level) is the real one; it must not exceed [`MAX_NESTING`].
///
/// A tag after a backslash may be an escaped `\{{` the parser reads as text: it is still
/// checked for those characters but can only add depth, never remove it, so the count errs on
/// the side of too deep. A `{{` without a later `}}` ends the scan: no tag can start there,
/// and the parser reports the error.
fn prescan(part: &'static str, source: &str) -> Result<(), TemplateError> {
    // Per open block: 1, plus 1 per `{{else …}}` in its chain.
    let mut open: Vec<usize> = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        let maybe_escaped = rest[..start].ends_with('\\');
        let after = &rest[start + 2..];
        if !maybe_escaped && after.starts_with('!') {
            // `{{!-- … --}}` ends at the first `--}}`; without one, and `{{! … }}`, at `}}`.
            let end = after
                .strip_prefix("!--")
                .and_then(|s| s.find("--}}"))
                .map(|i| 3 + i + 4)
                .or_else(|| after.find("}}").map(|i| i + 2));
            match end {
                Some(end) => {
                    rest = &after[end..];
                    continue;
                }
                None => return Ok(()),
            }
        }
        let Some(close) = after.find("}}") else {
            return Ok(());
        };
        let inner = &after[..close];
        if let Some(c) = inner
            .chars()
            .find(|c| matches!(c, '(' | '"' | '\'' | '[' | '{'))
        {
            return Err(forbidden(
                part,
                format!(
                    "`{c}` inside {{{{…}}}}: only variables and if/unless/with blocks are \
                     allowed (no literals, subexpressions, helpers, raw output or raw blocks)"
                ),
            ));
        }
        // The parser's whitespace, and the whitespace-control `~`.
        let tag = inner.trim_start_matches([' ', '\t', '\n', '\r', '~']);
        let chained = tag
            .strip_prefix("else")
            .or_else(|| tag.strip_prefix('^'))
            .is_some_and(|s| !s.trim_matches([' ', '\t', '\n', '\r', '~']).is_empty());
        if tag.starts_with('#') {
            open.push(1);
        } else if chained {
            match open.last_mut() {
                Some(levels) => *levels += 1,
                None => open.push(1),
            }
        } else if tag.starts_with('/') && !maybe_escaped {
            open.pop();
        }
        if open.iter().sum::<usize>() > MAX_NESTING {
            return Err(too_deep(part));
        }
        rest = &after[close + 2..];
    }
    Ok(())
}

/// The variables of a kind: the paths of [`sample_context`].
#[derive(Debug)]
struct Variables {
    /// Objects (`[]` is the root, `["invoice"]`): usable in `#if`, `#unless`, `#with`.
    groups: HashSet<Vec<String>>,
    /// Leaves (`["invoice", "number"]`): printable, usable in `#if`, `#unless`.
    values: HashSet<Vec<String>>,
}

impl Variables {
    fn of(kind: TemplateKind) -> Self {
        let mut vars = Self {
            groups: HashSet::new(),
            values: HashSet::new(),
        };
        vars.collect(&sample_context(kind), &mut Vec::new());
        vars
    }

    fn collect(&mut self, value: &Value, path: &mut Vec<String>) {
        if let Value::Object(map) = value {
            self.groups.insert(path.clone());
            for (key, value) in map {
                path.push(key.clone());
                self.collect(value, path);
                path.pop();
            }
        } else {
            self.values.insert(path.clone());
        }
    }
}

/// Where a body prints `{{portal_url}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PortalUrl {
    Missing,
    OnlyInBlocks,
    TopLevel,
}

/// What [`check_tree`] learnt about a part.
#[derive(Debug)]
struct Usage {
    portal_url: PortalUrl,
}

/// Checks a compiled part against the rules (see the module docs); with `vars`, also that
/// every variable is one of them.
fn check_tree(
    part: &'static str,
    template: &Template,
    vars: Option<&Variables>,
) -> Result<Usage, TemplateError> {
    let mut walker = Walker {
        part,
        vars,
        portal_url: PortalUrl::Missing,
    };
    // The scopes of the enclosing `#with` blocks, innermost last; the root first.
    let mut scopes = vec![Vec::new()];
    walker.template(template, &mut scopes, 0)?;
    Ok(Usage {
        portal_url: walker.portal_url,
    })
}

struct Walker<'a> {
    part: &'static str,
    vars: Option<&'a Variables>,
    portal_url: PortalUrl,
}

impl Walker<'_> {
    fn template(
        &mut self,
        template: &Template,
        scopes: &mut Vec<Vec<String>>,
        depth: usize,
    ) -> Result<(), TemplateError> {
        for element in &template.elements {
            self.element(element, scopes, depth)?;
        }
        Ok(())
    }

    fn element(
        &mut self,
        element: &TemplateElement,
        scopes: &mut Vec<Vec<String>>,
        depth: usize,
    ) -> Result<(), TemplateError> {
        let part = self.part;
        match element {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => Ok(()),
            TemplateElement::Expression(h) => self.expression(h, scopes, depth),
            TemplateElement::HelperBlock(h) => self.block(h, scopes, depth),
            TemplateElement::HtmlExpression(_) => Err(forbidden(
                part,
                "raw output ({{{…}}}, {{&…}}) is not allowed",
            )),
            TemplateElement::DecoratorExpression(_) | TemplateElement::DecoratorBlock(_) => Err(
                forbidden(part, "decorators and inline partials are not allowed"),
            ),
            TemplateElement::PartialExpression(_) | TemplateElement::PartialBlock(_) => Err(
                forbidden(part, "partials and partial blocks are not allowed"),
            ),
            _ => Err(forbidden(part, "this construct is not allowed")),
        }
    }

    /// `{{path}}`: a plain variable holding a value.
    fn expression(
        &mut self,
        h: &HelperTemplate,
        scopes: &[Vec<String>],
        depth: usize,
    ) -> Result<(), TemplateError> {
        let part = self.part;
        let path = match &h.name {
            Parameter::Path(path)
                if h.params.is_empty() && h.hash.is_empty() && h.block_param.is_none() =>
            {
                path
            }
            other => {
                let name = other.as_name().unwrap_or("(…)");
                return Err(forbidden(
                    part,
                    format!(
                        "helpers are not allowed: {{{{{name} …}}}} (only variables and \
                         if/unless/with blocks)"
                    ),
                ));
            }
        };
        let resolved = self.resolve(path, scopes)?;
        if let Some(vars) = self.vars {
            if vars.groups.contains(&resolved) {
                return Err(forbidden(
                    part,
                    format!(
                        "`{}` is a group of variables, not a value: print one of its fields",
                        raw(path)
                    ),
                ));
            }
            if !vars.values.contains(&resolved) {
                return Err(self.unknown(path));
            }
        }
        if resolved.len() == 1 && resolved[0] == "portal_url" {
            let here = if depth == 0 {
                PortalUrl::TopLevel
            } else {
                PortalUrl::OnlyInBlocks
            };
            self.portal_url = self.portal_url.max(here);
        }
        Ok(())
    }

    /// `{{#if x}}`, `{{#unless x}}`, `{{#with group}}`, with their `{{else}}` branches.
    fn block(
        &mut self,
        h: &HelperTemplate,
        scopes: &mut Vec<Vec<String>>,
        depth: usize,
    ) -> Result<(), TemplateError> {
        let part = self.part;
        let depth = depth + 1;
        if depth > MAX_NESTING {
            return Err(too_deep(part));
        }
        let name = match &h.name {
            Parameter::Name(name) if BLOCK_HELPERS.contains(&name.as_str()) => name.as_str(),
            Parameter::Name(name) if name == "each" => {
                return Err(forbidden(
                    part,
                    "{{#each}} is not available: no variable is a list",
                ));
            }
            other => {
                let name = other.as_name().unwrap_or("(…)");
                return Err(forbidden(
                    part,
                    format!(
                        "{{{{#{name}}}}} is not allowed: only {{{{#if}}}}, {{{{#unless}}}} and \
                         {{{{#with}}}} blocks"
                    ),
                ));
            }
        };
        if h.block_param.is_some() {
            return Err(forbidden(part, "block parameters (as |x|) are not allowed"));
        }
        if !h.hash.is_empty() {
            return Err(forbidden(part, format!("{{{{#{name}}}}} takes no options")));
        }
        let path = match h.params.as_slice() {
            [Parameter::Path(path)] => path,
            _ => {
                return Err(forbidden(
                    part,
                    format!("{{{{#{name}}}}} takes exactly one variable"),
                ));
            }
        };
        let resolved = self.resolve(path, scopes)?;
        if let Some(vars) = self.vars {
            let group = vars.groups.contains(&resolved);
            if !group && !vars.values.contains(&resolved) {
                return Err(self.unknown(path));
            }
            // A falsy `#with` without `{{else}}` fails in strict mode; groups are never falsy.
            if name == "with" && !group {
                return Err(forbidden(
                    part,
                    format!(
                        "{{{{#with}}}} takes a group of variables such as `invoice`, not `{}`",
                        raw(path)
                    ),
                ));
            }
        }
        if let Some(template) = &h.template {
            let pushed = name == "with";
            if pushed {
                scopes.push(resolved);
            }
            let result = self.template(template, scopes, depth);
            if pushed {
                scopes.pop();
            }
            result?;
        }
        // `{{else}}` renders in the enclosing scope; an `{{else if …}}` is a block in it.
        if let Some(inverse) = &h.inverse {
            self.template(inverse, scopes, depth)?;
        }
        Ok(())
    }

    /// The absolute path `path` names inside `scopes`, the way handlebars resolves it.
    fn resolve(&self, path: &Path, scopes: &[Vec<String>]) -> Result<Vec<String>, TemplateError> {
        let Path::Relative((segments, _)) = path else {
            // `@index`, `@first`, … exist only in `#each`.
            return Err(self.unknown(path));
        };
        let mut from_root = false;
        let mut up = 0usize;
        let mut names = Vec::with_capacity(segments.len());
        for segment in segments {
            match segment {
                PathSeg::Named(name) => names.push(name.clone()),
                // The grammar's rule type is private; its Debug name is the rule's name.
                PathSeg::Ruled(rule) if names.is_empty() && !from_root => {
                    match format!("{rule:?}").as_str() {
                        "path_root" if up == 0 => from_root = true,
                        "path_up" => up += 1,
                        _ => return Err(self.unknown(path)),
                    }
                }
                _ => return Err(self.unknown(path)),
            }
        }
        let base = if from_root {
            &[][..]
        } else {
            // `../` beyond the root would silently stay where it is; reject it.
            let index = scopes
                .len()
                .checked_sub(1 + up)
                .ok_or_else(|| self.unknown(path))?;
            scopes[index].as_slice()
        };
        Ok(base.iter().cloned().chain(names).collect())
    }

    fn unknown(&self, path: &Path) -> TemplateError {
        TemplateError::UnknownVariable {
            part: self.part,
            name: raw(path).to_owned(),
        }
    }
}

/// A path as written in the template.
fn raw(path: &Path) -> &str {
    match path {
        Path::Relative((_, raw)) | Path::Local((_, _, raw)) => raw,
    }
}

/// Escapes the whole text and keeps its paragraphs and line breaks; links become clickable.
fn text_to_html(text: &str) -> String {
    let mut body = String::with_capacity(text.len() * 5 / 4 + 256);
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        body.push_str("<p>");
        let lines: Vec<String> = paragraph.trim_matches('\n').lines().map(linkify).collect();
        body.push_str(&lines.join("<br>\n"));
        body.push_str("</p>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2933\">\n{body}</body></html>\n"
    )
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a line, turning http(s) URLs into links.
pub(crate) fn linkify(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                let url = escape(word);
                format!("<a href=\"{url}\">{url}</a>")
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A context with every variable of `kind`, used to validate templates.
pub fn sample_context(kind: TemplateKind) -> Value {
    let mut ctx = json!({
        "company": { "name": "Muster GmbH", "email": "info@muster.example" },
        "client": { "name": "Beispiel AG", "number": "K-00001" },
        "contact": { "name": "Erika Mustermann" },
        "portal_url": "https://crm.example/portal/login/TOKEN",
    });
    let extra = match kind {
        TemplateKind::Invoice => json!({ "invoice": invoice_sample() }),
        TemplateKind::PaymentReceipt => json!({
            "invoice": invoice_sample(),
            "payment": { "amount": "500,00 €", "date": "27.11.2026", "method": "Überweisung" },
        }),
        TemplateKind::Quote => json!({
            "quote": { "number": "AN-00001", "total": "1.190,00 €", "valid_until": "27.12.2026" },
        }),
        TemplateKind::TicketReply => json!({
            "ticket": { "subject": "Frage zur Rechnung", "message": "Gern erklären wir …", "author": "Max Muster" },
        }),
        TemplateKind::Correction => json!({
            "correction": {
                "title": "Stornorechnung",
                "number": "ST-00001",
                "issue_date": "01.12.2026",
                "amount": "1.190,00 €",
                "refund_due": "500,00 €",
            },
            "invoice": { "number": "RE-00001", "issue_date": "27.11.2026" },
        }),
        TemplateKind::DunningReminder
        | TemplateKind::DunningFirst
        | TemplateKind::DunningSecond
        | TemplateKind::DunningFinal => json!({ "reminder": reminder_sample() }),
        TemplateKind::PortalLogin => json!({
            "link_validity": link_validity(LinkPurpose::Login, Duration::minutes(15), Locale::De),
        }),
    };
    if let (Some(base), Value::Object(extra)) = (ctx.as_object_mut(), extra) {
        base.extend(extra);
    }
    ctx
}

fn reminder_sample() -> Value {
    json!({
        "title": "1. Mahnung",
        "number": "MA-00001",
        "issue_date": "01.12.2026",
        "due_date": "15.12.2026",
        "open": "1.190,00 €",
        "interest": "12,34 €",
        "fees": "40,00 €",
        "total": "1.242,34 €",
        "invoices": "– RE-00001, fällig am 27.10.2026: 1.242,34 €",
    })
}

fn invoice_sample() -> Value {
    json!({
        "number": "RE-00001",
        "total": "1.190,00 €",
        "balance": "690,00 €",
        "issue_date": "27.11.2026",
        "due_date": "11.12.2026",
    })
}

#[cfg(test)]
mod tests;
