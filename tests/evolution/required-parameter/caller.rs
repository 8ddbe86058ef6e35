//! A call written against v1, which v2 breaks: the operation needs an argument it did not.

use evolution_api::required_parameter::Client;

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let items: Vec<String> = client.list_items().await?.into_inner();
    println!("{}", items.len());
    Ok(())
}
