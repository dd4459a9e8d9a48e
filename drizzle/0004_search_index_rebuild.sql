-- The search index is derived from orders.json (src-main/core/search/index-text.ts). Orders cached before
-- the index existed (a database at 0000_init) or indexed by older rules are found by nothing until they
-- are indexed again. Clearing the version marker makes the next start re-index every cached order, in
-- chunks, with progress (src-main/core/search/index-upgrade.ts: bringSearchIndexUpToDate).
--
-- Convention: every later migration that changes `search_fts` ends with this same statement, and a
-- change of the indexing rules alone bumps SEARCH_INDEX_VERSION in index-upgrade.ts.
DELETE FROM `settings` WHERE `key` = 'search_index_version';
