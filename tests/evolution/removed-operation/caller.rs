//! A call written against v1 of an operation v2 removes.

use evolution_api::removed_operation::Client;

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    client.get_legacy().await?;
    Ok(())
}
