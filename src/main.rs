#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    gridlink::server::cli::run().await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser bundle starts from `gridlink::hydrate`; this binary is the server.
}
