//! Request building: path segments, query styles and form bodies as servers read them.

use reqwest::Method;

use crate::request::{Body, Request};

#[test]
fn path_segments_are_encoded_whole() {
    let request = Request::new(Method::GET, "/users/{id}/tokens/{token}", &[])
        .path("id", "user/with slash")
        .path("token", "ü");
    assert_eq!(request.path, "/users/user%2Fwith%20slash/tokens/%C3%BC");
    assert_eq!(request.problem, None);
}

#[test]
fn a_dot_segment_is_refused() {
    let request = Request::new(Method::GET, "/users/{id}", &[]).path("id", "..");
    assert_eq!(
        request.problem.as_deref(),
        Some("path parameter `id` is `..`, which would change the path")
    );
}

#[test]
fn query_arrays_explode_or_join() {
    let request = Request::new(Method::GET, "/", &[])
        .query("tag", Some(&["a", "b"]), true)
        .query("id", Some(&[1, 2]), false)
        .query("missing", None::<&str>, true);
    assert_eq!(
        request.query,
        [("tag".into(), "a".into()), ("tag".into(), "b".into()), ("id".into(), "1,2".into())]
    );
}

#[test]
fn form_bodies_repeat_arrays_and_bracket_nested_objects() {
    let body = serde_json::json!({"name": "a b", "tags": ["x", "y"], "address": {"city": "Paris", "zip": 75001}, "gone": null});
    let request = Request::new(Method::POST, "/", &[]).form_body(&body);
    let Body::Encoded { content_type, data } = request.body else { panic!("an encoded body") };
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8_lossy(&data),
        "address%5Bcity%5D=Paris&address%5Bzip%5D=75001&name=a+b&tags=x&tags=y"
    );
}

#[test]
fn a_form_body_that_is_not_an_object_is_refused() {
    let request = Request::new(Method::POST, "/", &[]).form_body(&[1, 2]);
    assert_eq!(request.problem.as_deref(), Some("a form body must be an object, not [1,2]"));
}
