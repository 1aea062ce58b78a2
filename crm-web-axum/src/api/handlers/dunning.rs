//! Dunning: the dry run, a run for the company now, and a client's reminders.

use super::*;
use chrono::NaiveDate;

/// The day a dry run looks at.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueQuery {
    /// The day to look at (default today): which levels would be due then.
    pub on: Option<NaiveDate>,
}

/// The dry run: the open invoices a dunning level is due for (today, or on `on`), oldest due
/// first. Nothing is written.
#[utoipa::path(get, path = "/dunning/due", tag = "dunning", params(DueQuery),
    responses((status = 200, body = Vec<DueLevelOut>), (status = 401, body = crate::api::error::Problem)))]
pub async fn dunning_due(
    State(s): State<ApiState>,
    staff: Staff,
    Query(q): Query<DueQuery>,
) -> ApiResult<Json<Vec<DueLevelOut>>> {
    let on = q.on.unwrap_or_else(|| today(&s));
    let due = s.crm.dunning_due(&staff.0.ctx, on).await?;
    Ok(Json(due.iter().map(DueLevelOut::new).collect()))
}

/// Runs dunning for the company today (also when its periodic run is off): one reminder per
/// client for the levels due, each (invoice, level) once.
#[utoipa::path(post, path = "/dunning/run", tag = "dunning",
    responses((status = 200, body = DunningRunOut), (status = 401, body = crate::api::error::Problem)))]
pub async fn run_dunning(
    State(s): State<ApiState>,
    staff: Staff,
) -> ApiResult<Json<DunningRunOut>> {
    let report = s.crm.run_dunning_for(&staff.0.ctx, today(&s)).await?;
    Ok(Json(DunningRunOut::new(&report)))
}
