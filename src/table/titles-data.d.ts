// Type of dist/table/titles-data.js, which scripts/embed-fields.mjs generates from the table at
// build time (encoding -> [name, title]). Only ./titles.ts imports it.
declare const index: unknown;
export default index;
