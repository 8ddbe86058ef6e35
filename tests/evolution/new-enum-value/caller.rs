//! Matches written against v1 on an enum and a tagged union; v2 adds a value and an
//! alternative.

use evolution_api::new_enum_value::Client;
use evolution_api::new_enum_value::types::{PaymentMethod, Status};

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let payment = client.get_payment("p1").await?.into_inner();
    let status = match &payment.status {
        Status::Pending => "pending",
        Status::Paid => "paid",
        Status::Unknown(other) => other.as_str(),
        _ => "newer than this code",
    };
    let method = match &payment.method {
        PaymentMethod::Card(card) => format!("card {:?}", card.last4),
        PaymentMethod::Transfer(transfer) => format!("transfer {:?}", transfer.iban),
        _ => "another method".to_owned(),
    };
    println!("{status} by {method}");
    Ok(())
}
