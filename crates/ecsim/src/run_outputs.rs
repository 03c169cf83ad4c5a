//! The outputs of `ecsim run` beyond the summary, event log and time series: `cost.json`,
//! `cost.csv`, the charts (PNG and SVG), `instances.gif` and `report.html`.

use std::path::Path;

use crate::atomic::write_with;
use crate::cost::CostReport;
use crate::timings::Timings;
use crate::{instances_gif, report, run_charts};

/// Writes the cost files, the charts and animation (unless `no_charts`) and the report.
/// Returns lines to print (skipped outputs).
pub fn write(
    sim: &sim::Simulation,
    scenario_name: &str,
    description: Option<&str>,
    cost: &CostReport,
    out: &Path,
    no_charts: bool,
    timings: &mut Timings,
) -> Result<Vec<String>, String> {
    let io = |e: std::io::Error, f: &str| format!("cannot write {}: {e}", out.join(f).display());
    write_with(&out.join("cost.json"), |w| cost.write_json(w)).map_err(|e| io(e, "cost.json"))?;
    write_with(&out.join("cost.csv"), |w| cost.write_csv(w)).map_err(|e| io(e, "cost.csv"))?;
    timings.lap("cost files");

    let mut notes = Vec::new();
    let (charts, animation) = if no_charts {
        (Vec::new(), None)
    } else {
        let charts = run_charts::run_charts(sim, cost);
        run_charts::write_charts(&charts, out)?;
        timings.lap("charts");
        let animation = match instances_gif::animation(sim, scenario_name) {
            Ok(a) => {
                instances_gif::write(&a, &out.join("instances.gif"))?;
                Some(a)
            }
            Err(skipped) => {
                notes.push(skipped.message().to_string());
                None
            }
        };
        timings.lap("instances.gif");
        (charts, animation)
    };
    let page = report::run_report(
        sim,
        scenario_name,
        description,
        cost,
        &charts,
        animation.as_ref(),
    )?;
    let html = charts::render_html(&page);
    charts::write_atomically(&out.join("report.html"), html.as_bytes())
        .map_err(|e| io(e, "report.html"))?;
    timings.lap("report.html");
    Ok(notes)
}
