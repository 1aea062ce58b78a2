//! The 360° view's chart: invoiced vs paid per month, drawn on the server as SVG (no
//! scripts; the CSP allows none), with a title, a description and the figures as a table
//! for screen readers.

use chrono::Datelike;
use crm_core::domain::{Currency, Locale, MonthFigures};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::view::{money, t};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 92.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// The catalogue keys of the months' short names (`admin.month.1`: "Jan").
const MONTHS: [&str; 12] = [
    "admin.month.1",
    "admin.month.2",
    "admin.month.3",
    "admin.month.4",
    "admin.month.5",
    "admin.month.6",
    "admin.month.7",
    "admin.month.8",
    "admin.month.9",
    "admin.month.10",
    "admin.month.11",
    "admin.month.12",
];

/// The smallest "nice" number (1, 2, 2.5, 5 × 10ⁿ) at or above `x`.
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 {
        return 100.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= x {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

fn coord(v: f64) -> String {
    format!("{v:.1}")
}

/// A bar (SVG coordinates as text, one decimal).
pub(crate) struct Bar {
    pub(crate) x: String,
    pub(crate) y: String,
    pub(crate) w: String,
    pub(crate) h: String,
    pub(crate) class: &'static str,
    pub(crate) title: String,
}

/// A month under the axis; the year under January and the first month.
pub(crate) struct Label {
    pub(crate) x: String,
    pub(crate) text: String,
    pub(crate) year: Option<String>,
}

/// A line of the grid with its amount.
pub(crate) struct Tick {
    pub(crate) y: String,
    pub(crate) label: String,
}

/// A month of the screen-reader table.
pub(crate) struct Row {
    pub(crate) month: String,
    pub(crate) invoiced: String,
    pub(crate) paid: String,
}

/// The chart as `admin/chart.html` draws it.
pub(crate) struct Chart {
    pub(crate) width: String,
    pub(crate) height: String,
    pub(crate) left: String,
    pub(crate) right: String,
    pub(crate) baseline: String,
    pub(crate) label_y: String,
    pub(crate) year_y: String,
    pub(crate) axis_x: String,
    pub(crate) title: String,
    pub(crate) desc: String,
    pub(crate) bars: Vec<Bar>,
    pub(crate) labels: Vec<Label>,
    pub(crate) ticks: Vec<Tick>,
    pub(crate) rows: Vec<Row>,
}

/// The chart of `months`.
pub(crate) fn chart(months: &[MonthFigures], currency: Currency, locale: Locale) -> Chart {
    let names = MONTHS.map(|key| t(key, locale));
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let max = months
        .iter()
        .map(|m| f(m.invoiced).max(f(m.paid)))
        .fold(0.0, f64::max);
    let top = nice_ceiling(max);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = months.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot - 10.0) / 2.0;
    let y_of = |v: f64| TOP + plot_h - (v / top) * plot_h;
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    let mut rows = Vec::new();
    for (i, m) in months.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + 5.0;
        let month = usize::try_from(m.month.month0()).map_or("", |i| names[i % 12].as_str());
        let label = format!("{month} {}", m.month.year());
        for (j, (value, class, key)) in [
            (m.invoiced, "bar-invoiced", "admin.chart.invoiced"),
            (m.paid, "bar-paid", "admin.chart.paid"),
        ]
        .into_iter()
        .enumerate()
        {
            let y = y_of(f(value));
            bars.push(Bar {
                x: coord(x0 + bar * j as f64),
                y: coord(y),
                w: coord(bar),
                h: coord(TOP + plot_h - y),
                class,
                title: format!(
                    "{label} · {}: {}",
                    t(key, locale),
                    money(value, currency, locale)
                ),
            });
        }
        labels.push(Label {
            x: coord(x0 + bar),
            text: month.to_owned(),
            // The year under January and the first month, so the axis reads without guessing.
            year: (i == 0 || m.month.month() == 1).then(|| m.month.year().to_string()),
        });
        rows.push(Row {
            month: label,
            invoiced: money(m.invoiced, currency, locale),
            paid: money(m.paid, currency, locale),
        });
    }
    let ticks: Vec<Tick> = [0.0, 0.5, 1.0]
        .iter()
        .map(|share| {
            let v = top * share;
            let amount = Decimal::from_f64_retain(v).unwrap_or_default().round_dp(0);
            Tick {
                y: coord(y_of(v)),
                label: money(amount, currency, locale),
            }
        })
        .collect();
    let total = |pick: fn(&MonthFigures) -> Decimal| -> Decimal { months.iter().map(pick).sum() };
    let desc = format!(
        "{}: {} · {}: {}",
        t("admin.chart.invoiced", locale),
        money(total(|m| m.invoiced), currency, locale),
        t("admin.chart.paid", locale),
        money(total(|m| m.paid), currency, locale),
    );
    Chart {
        // As the JSON numbers of the handlebars page printed them: `720.0`.
        width: coord(WIDTH),
        height: coord(HEIGHT),
        left: coord(LEFT),
        right: coord(WIDTH - RIGHT),
        baseline: coord(TOP + plot_h),
        label_y: coord(TOP + plot_h + 16.0),
        year_y: coord(TOP + plot_h + 30.0),
        axis_x: coord(LEFT - 8.0),
        title: t("admin.chart.title", locale),
        desc,
        bars,
        labels,
        ticks,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert!((nice_ceiling(0.0) - 100.0).abs() < 1e-9);
        assert!((nice_ceiling(1190.0) - 2000.0).abs() < 1e-9);
        assert!((nice_ceiling(2400.0) - 2500.0).abs() < 1e-9);
        assert!((nice_ceiling(5000.0) - 5000.0).abs() < 1e-9);
        assert!((nice_ceiling(51.0) - 100.0).abs() < 1e-9);
    }
}
