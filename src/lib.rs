//! inventree-mcp: an MCP server answering from InvenTree's PostgreSQL database.

pub mod auth;
pub mod check;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod generate;
pub mod http;
pub mod mcp;
pub mod metrics;
pub mod prompts;
pub mod resources;
pub mod state;
pub mod stdio;
pub mod tools;
