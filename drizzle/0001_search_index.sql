-- Offline search over the cached orders (src-main/core/search/). Drizzle's schema cannot express FTS5,
-- so this is a custom migration.
--
-- Contentless (content=''): the indexed text is derived from orders.json by search/index-text.ts, the
-- order itself stays in `orders`; contentless_delete=1 lets the one merge path replace an order's row.
-- The FTS rowid IS orders.rowid (the merge writes both in one transaction), so a search joins orders
-- by rowid. VACUUM may renumber the rowids of `orders` (its key is text): after a VACUUM call
-- rebuildSearchIndex() (search/index-writer.ts).
--
-- Two columns: `codes` holds what a scanner or a clerk types exactly (order number, ticket numbers,
-- barcodes), so an exact code can be looked up and ranked first; `words` holds everything else (names,
-- email parts, phone digit tails, vendor order id, promocode codes).
-- unicode61 folds case for Latin and Cyrillic and strips Latin accents; ё→е is folded by our own
-- normaliser before text reaches FTS (both on indexing and querying). prefix='2' keeps the second
-- keystroke of search-as-you-type fast (a 2-letter prefix matches much of the cache and is read from
-- its own index); a '3' index too made imports a third slower for little (bench/search.ts).
CREATE VIRTUAL TABLE `search_fts` USING fts5(
	codes,
	words,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2'
);
