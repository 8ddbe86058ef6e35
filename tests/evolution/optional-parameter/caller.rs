//! Calls written against v1: one operation without optional parameters (v2 adds its first),
//! one with an optional parameter set (v2 adds another).

use evolution_api::optional_parameter::Client;

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let items: Vec<String> = client.list_items().await?.into_inner();
    let item = client.get_item(&items[0]).fields("name").await?;
    println!("{}", item.into_inner());
    Ok(())
}
