//! Reading a response written against v1; v2 adds a required and an optional field to it.

use evolution_api::new_response_field::Client;
use evolution_api::new_response_field::types::User;

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let User { id, name, .. } = client.get_me().await?.into_inner();
    println!("{id} {name:?}");
    Ok(())
}
