//! The integration tests, one binary: each module is one area of the server, run against a
//! real PostgreSQL (`DATABASE_URL`, else a container). One binary links the crate and its
//! dependencies once, where a binary per file linked them forty times over.
#![recursion_limit = "256"]

mod common;

mod admin;
mod architecture;
mod auth;
mod bom;
mod faults;
mod filters;
mod fuzz;
mod generate;
mod http;
mod inventree_demo;
mod least_privilege;
mod limits;
mod oauth;
mod ops;
mod order_writes;
mod orders;
mod parameters;
mod part_writes;
mod parts;
mod pgbouncer;
mod planning;
mod planning_cost;
mod planning_where_used;
mod prompts;
mod query_plans;
mod replica;
mod resources;
mod returns;
mod sourcing;
mod startup;
mod stdio;
mod stock;
mod stock_history;
mod stock_writes_daily;
mod tool_catalog;
mod toolsets;
mod trees;
mod writes;
