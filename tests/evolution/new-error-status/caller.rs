//! Error handling written against v1: an operation without documented errors (v2 adds its
//! first) and a match on the errors of another (v2 adds one).

use evolution_api::new_error_status::Client;
use evolution_api::new_error_status::operations::{DeleteAccountError, GetAccountError};
use evolution_api::runtime::Error;

async fn account_id(client: &Client) -> Result<Option<String>, Error<GetAccountError>> {
    Ok(client.get_account("a1").await?.into_inner().id)
}

pub async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    println!("{:?}", account_id(client).await?);
    match client.delete_account("a1").await {
        Ok(_) => println!("deleted"),
        Err(Error::Api(error)) => match &error.body {
            DeleteAccountError::BadRequest(problem) => println!("refused: {:?}", problem.message),
            _ => println!("{}", error.status),
        },
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
