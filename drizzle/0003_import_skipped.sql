ALTER TABLE `imports` ADD `skipped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `imports` ADD `skipped_orders` text DEFAULT '[]' NOT NULL;