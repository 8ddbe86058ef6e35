//! Request building: path segments and the checks on arguments that cannot be sent.

use reqwest::Method;

use crate::request::Request;

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
fn a_form_body_that_is_not_an_object_is_refused() {
    let request = Request::new(Method::POST, "/", &[]).form_body(&[1, 2], &[]);
    assert_eq!(request.problem.as_deref(), Some("a form body must be an object, not an array"));
}
