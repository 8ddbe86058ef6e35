//! The parameter serialisation table of the OpenAPI specification ("Style Examples", with
//! RFC 6570's `,` for unexploded `label` lists, as OpenAPI 3.0.4 and 3.1.1 correct it), one
//! test per location, every cell as the exact bytes sent; and the cases of real APIs that
//! the table does not show (Stripe's nested deepObject values and form bodies, cookies).

use reqwest::Method;
use serde::Serialize;

use crate::request::{Payload, Request};
use crate::style::Style;

/// The specification's object value, its members in this order.
#[derive(Serialize)]
struct Color {
    #[serde(rename = "R")]
    r: u8,
    #[serde(rename = "G")]
    g: u8,
    #[serde(rename = "B")]
    b: u8,
}

const RGB: Color = Color { r: 100, g: 200, b: 150 };
const LIST: [&str; 3] = ["blue", "black", "brown"];

fn request() -> Request {
    Request::new(Method::GET, "/{color}", &[])
}

fn path(value: &(impl Serialize + ?Sized), style: Style) -> String {
    request().path_styled("color", value, style).path
}

fn query(value: &(impl Serialize + ?Sized), style: Style) -> String {
    request().query("color", Some(value), style).query.join("&")
}

fn header(value: &(impl Serialize + ?Sized), style: Style) -> Vec<String> {
    let request = request().header_styled("X-Color", Some(value), style);
    request.headers.iter().map(|(_, value)| value.to_str().unwrap_or("").to_owned()).collect()
}

#[test]
fn path_styles() {
    let cells: [(Style, [&str; 4]); 6] = [
        (
            Style::Matrix { explode: false },
            [";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"],
        ),
        (
            Style::Matrix { explode: true },
            [";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"],
        ),
        (
            Style::Label { explode: false },
            [".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
        ),
        (Style::Label { explode: true }, [".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"]),
        (Style::Simple { explode: false }, ["", "blue", "blue,black,brown", "R,100,G,200,B,150"]),
        (Style::Simple { explode: true }, ["", "blue", "blue,black,brown", "R=100,G=200,B=150"]),
    ];
    for (style, [empty, string, array, object]) in cells {
        assert_eq!(path("", style), format!("/{empty}"), "{style:?}, empty");
        assert_eq!(path("blue", style), format!("/{string}"), "{style:?}, string");
        assert_eq!(path(&LIST, style), format!("/{array}"), "{style:?}, array");
        assert_eq!(path(&RGB, style), format!("/{object}"), "{style:?}, object");
    }
    // Values are percent-encoded; the style's own delimiters are not.
    assert_eq!(path(&["a/b", "c,d"], Style::Label { explode: true }), "/.a%2Fb.c%2Cd");
    assert_eq!(path("ü x", Style::Simple { explode: false }), "/%C3%BC%20x");
}

#[test]
fn query_styles() {
    let cells: [(Style, [&str; 4]); 5] = [
        (
            Style::Form { explode: false },
            ["color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
        ),
        (
            Style::Form { explode: true },
            ["color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
        ),
        (
            Style::SpaceDelimited,
            [
                "color=",
                "color=blue",
                "color=blue%20black%20brown",
                "color=R%20100%20G%20200%20B%20150",
            ],
        ),
        (
            Style::PipeDelimited,
            ["color=", "color=blue", "color=blue|black|brown", "color=R|100|G|200|B|150"],
        ),
        (
            Style::DeepObject,
            [
                "color=",
                "color=blue",
                "color[0]=blue&color[1]=black&color[2]=brown",
                "color[R]=100&color[G]=200&color[B]=150",
            ],
        ),
    ];
    for (style, [empty, string, array, object]) in cells {
        assert_eq!(query("", style), empty, "{style:?}, empty");
        assert_eq!(query("blue", style), string, "{style:?}, string");
        assert_eq!(query(&LIST, style), array, "{style:?}, array");
        assert_eq!(query(&RGB, style), object, "{style:?}, object");
    }
    // An absent parameter sends nothing; an empty list or object is there, empty, where
    // the style writes one pair, and absent where it writes a pair per item.
    let empty: Vec<String> = Vec::new();
    let sent = request()
        .query("color", None::<&str>, Style::Form { explode: true })
        .query("tags", Some(&empty), Style::Form { explode: false })
        .query("ids", Some(&empty), Style::PipeDelimited)
        .query("more", Some(&empty), Style::Form { explode: true })
        .query("filter", Some(&serde_json::json!({})), Style::DeepObject);
    assert_eq!(sent.query, ["tags=", "ids="]);
}

#[test]
fn query_values_are_percent_encoded_unless_reserved_characters_are_allowed() {
    let value = "/a b,c&d=e#f%20";
    let form = Style::Form { explode: true };
    assert_eq!(query(value, form), "color=%2Fa%20b%2Cc%26d%3De%23f%2520");
    let reserved = request().query_reserved("color", Some(value), form).query.join("&");
    // `&`, `=` and `#` would end the pair or the query; a `%XX` triple is kept as written.
    assert_eq!(reserved, "color=/a%20b,c%26d%3De%23f%20");
}

#[test]
fn parameters_described_by_content_are_sent_as_json() {
    let filter = serde_json::json!({"name": "a&b", "ids": [1, 2]});
    assert_eq!(
        query(&filter, Style::Json),
        "color=%7B%22ids%22%3A%5B1%2C2%5D%2C%22name%22%3A%22a%26b%22%7D"
    );
    let header = request().header_styled("X-Filter", Some(&filter), Style::Json);
    assert_eq!(header.headers[0].1, r#"{"ids":[1,2],"name":"a&b"}"#);
}

#[test]
fn header_styles() {
    let simple = Style::Simple { explode: false };
    let exploded = Style::Simple { explode: true };
    assert_eq!(header(&"blue", simple), ["blue"]);
    assert_eq!(header(&LIST, simple), ["blue,black,brown"]);
    assert_eq!(header(&RGB, simple), ["R,100,G,200,B,150"]);
    assert_eq!(header(&RGB, exploded), ["R=100,G=200,B=150"]);
    let broken = request().header("X-Color", Some("a\r\nInjected: 1"));
    assert_eq!(
        broken.problem.as_deref(),
        Some("header `X-Color` cannot carry the value \"a\\r\\nInjected: 1\"")
    );
}

#[test]
fn cookie_values_cannot_add_cookies() {
    let request = request()
        .cookie("session", Some("a; admin=1"))
        .cookie("color", Some(&LIST))
        .cookie_styled("rgb", Some(&RGB), Style::Form { explode: false });
    assert_eq!(
        request.cookies,
        [
            "session=a%3B%20admin%3D1",
            "color=blue",
            "color=black",
            "color=brown",
            "rgb=R,100,G,200,B,150"
        ]
    );
}

/// Stripe's list filters: `style: deepObject` on an object, and `expand`, an array.
#[test]
fn stripe_deep_object_query_parameters() {
    #[derive(Serialize)]
    struct Range {
        gte: i64,
        lt: i64,
    }
    let request = request()
        .query("created", Some(&Range { gte: 1_700_000_000, lt: 1_700_100_000 }), Style::DeepObject)
        .query("expand", Some(&["data.customer", "data.invoice"]), Style::DeepObject);
    assert_eq!(
        request.query.join("&"),
        "created[gte]=1700000000&created[lt]=1700100000&expand[0]=data.customer&expand[1]=data.invoice"
    );
}

/// Stripe's form bodies: `encoding: {line_items: {style: deepObject, explode: true}}`, an
/// array of objects, and `metadata`, a map, with a `null` that clears a key.
#[test]
fn stripe_form_body_with_deep_object_encoding() {
    #[derive(Serialize)]
    struct LineItem {
        price: &'static str,
        quantity: u32,
    }
    #[derive(Serialize)]
    struct Session {
        mode: &'static str,
        line_items: Vec<LineItem>,
        metadata: serde_json::Value,
        payment_method_types: Vec<&'static str>,
    }
    let body = Session {
        mode: "payment",
        line_items: vec![
            LineItem { price: "price_1", quantity: 2 },
            LineItem { price: "price 2", quantity: 1 },
        ],
        metadata: serde_json::json!({"order": "6735", "old": null}),
        payment_method_types: vec!["card", "sepa_debit"],
    };
    let encodings = [("line_items", Style::DeepObject), ("metadata", Style::DeepObject)];
    let request =
        Request::new(Method::POST, "/v1/checkout/sessions", &[]).form_body(&body, &encodings);
    let Payload::Encoded { content_type, data } = request.body else {
        panic!("{:?}", request.body)
    };
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8(data).unwrap(),
        "mode=payment&line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price%202&line_items[1][quantity]=1&metadata[old]=&metadata[order]=6735&payment_method_types=card&payment_method_types=sepa_debit"
    );
}

/// Form properties the `encoding` does not name: scalars and lists in the `form` style,
/// objects in the bracket form, and a property whose encoding names JSON as its text.
#[test]
fn form_body_defaults_and_json_properties() {
    #[derive(Serialize)]
    struct Address {
        city: &'static str,
        zip: u32,
    }
    #[derive(Serialize)]
    struct Signup {
        name: &'static str,
        tags: [&'static str; 2],
        address: Address,
        settings: serde_json::Value,
        gone: Option<u8>,
    }
    let body = Signup {
        name: "a b",
        tags: ["x", "y"],
        address: Address { city: "Paris", zip: 75001 },
        settings: serde_json::json!({"dark": true}),
        gone: None,
    };
    let request =
        Request::new(Method::POST, "/", &[]).form_body(&body, &[("settings", Style::Json)]);
    let Payload::Encoded { data, .. } = request.body else { panic!("{:?}", request.body) };
    assert_eq!(
        String::from_utf8(data).unwrap(),
        "name=a%20b&tags=x&tags=y&address[city]=Paris&address[zip]=75001&settings=%7B%22dark%22%3Atrue%7D"
    );
}
