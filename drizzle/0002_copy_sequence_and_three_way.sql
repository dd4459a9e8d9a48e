ALTER TABLE `edits` ADD `base` text;--> statement-breakpoint
ALTER TABLE `edits` ADD `conflicts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `copy_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `refs` ADD `copy_seq` integer DEFAULT 0 NOT NULL;