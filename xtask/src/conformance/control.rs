//! The controls: calls each judge must reject, with the exact texts the suite must report,
//! so that a judge (or the judging proxy) that accepts everything is noticed.

use std::path::Path;

use super::{Judge, Tools, serve_and_test};

/// The control of `judge`: calls that a judge must reject make the suite fail with exactly
/// the expected texts, or the suite could not notice an invalid request. `list_items` sends
/// `limit=0`, which its schema forbids, for the judge itself; `list_things` sends its
/// deepObject parameter `filter` as the bare pair `status=active`, which Prism accepts as an
/// unknown parameter and the judging proxy must reject (and the express judge too).
pub fn control(root: &Path, tools: &mut Tools, judge: Judge, out: &Path) -> Result<(), String> {
    let document = root.join("xtask").join("fixtures").join("conformance-control.yaml");
    let (model, mut cases) = generator::conformance_model_from_file(&document, &[])
        .map_err(|report| report.to_string())?;
    let [items, things] = cases.as_mut_slice() else {
        return Err(format!("{} should have two operations", document.display()));
    };
    let (Some(limit), Some(filter)) = (items.parameters.first_mut(), things.parameters.first_mut())
    else {
        return Err(format!("{} has no parameters to break", document.display()));
    };
    *limit = Some(serde_json::json!(0));
    *filter = None;
    things.stray_query = vec![("status".to_owned(), "active".to_owned())];
    let crate_name = "conformance-control";
    let tree = generator::emit::conformance_crate(
        crate_name,
        &model.api,
        "conformance-control.yaml",
        &cases,
    );
    let run = serve_and_test(tools, judge, out, crate_name, &document, &tree)?;
    let expected = control_rejections(judge);
    let logged: &[&str] = match judge {
        Judge::Prism => &["Request query parameter limit must be >= 1"],
        Judge::Express => &[],
    };
    if !run.passed()
        && expected.iter().all(|line| run.output.lines().any(|output| output == *line))
        && run.rejections == logged
    {
        for line in expected {
            println!("conformance: control of {}: reported: {line}", judge.name());
        }
        Ok(())
    } else {
        Err(format!(
            "the conformance control of {} did not fail as it should, with\n{}\n{}",
            judge.name(),
            expected.join("\n"),
            run.output
        ))
    }
}

/// The exact lines the control's test prints for `judge`'s rejections.
fn control_rejections(judge: Judge) -> [&'static str; 2] {
    match judge {
        Judge::Prism => [
            "list_items, status 200: the mock server rejects the request: Request query parameter limit must be >= 1",
            "list_things, status 200: the mock server rejects the request: query parameter `status` is not declared by GET /things",
        ],
        Judge::Express => [
            "list_items, status 200: the mock server rejects the request: /query/limit must be >= 1",
            "list_things, status 200: the mock server rejects the request: /query/status Unknown query parameter 'status'; query parameter `status` is not declared by GET /things",
        ],
    }
}
