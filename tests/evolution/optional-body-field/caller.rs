//! Bodies built against v1: a struct with a required field and one without; v2 adds
//! optional fields (one nullable) to both.

use evolution_api::optional_body_field::Client;
use evolution_api::optional_body_field::types::{NewOrder, UpdateOrderBody};

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let order = client.create_order(&NewOrder::new("sku-1").with_quantity(2)).await?;
    let NewOrder { sku, .. } = NewOrder::new("sku-2");
    println!("{} {sku}", order.id);
    client.update_order(&order.id, &UpdateOrderBody::default().with_note("fragile")).await?;
    Ok(())
}
