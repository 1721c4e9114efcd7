//! tdkt-exchange/1 reader and writer.
