//! A call written against v1; v2 adds an operation to the same tag and one with a new tag.

use evolution_api::new_operation::Client;
use evolution_api::new_operation::operations::ListPetsError;
use evolution_api::runtime::Error;

fn describe(error: &Error<ListPetsError>) -> String {
    match error {
        Error::Api(error) => format!("{}: {:?}", error.status, error.body),
        other => other.to_string(),
    }
}

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    match client.list_pets().await {
        Ok(pets) => pets.iter().for_each(|pet| println!("{}", pet.name)),
        Err(error) => println!("{}", describe(&error)),
    }
    Ok(())
}
