CREATE TABLE `edit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`edit_id` integer NOT NULL,
	`at` integer NOT NULL,
	`state` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`edit_id`) REFERENCES `edits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `edit_log_edit` ON `edit_log` (`edit_id`);--> statement-breakpoint
CREATE TABLE `edits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`body` text NOT NULL,
	`operator` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`next_attempt_at` integer,
	`synced_at` integer,
	`error` text,
	`promocode_errors` text DEFAULT '[]' NOT NULL,
	`discarded_at` integer
);
--> statement-breakpoint
CREATE INDEX `edits_order_state` ON `edits` (`order_id`,`state`);--> statement-breakpoint
CREATE INDEX `edits_state_next` ON `edits` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `imports` (
	`filter_key` text PRIMARY KEY NOT NULL,
	`next_page` integer DEFAULT 1 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`status` text NOT NULL,
	`event_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expired_after` text,
	`json` text NOT NULL,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orders_number` ON `orders` (`number`);--> statement-breakpoint
CREATE INDEX `orders_event_status` ON `orders` (`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `orders_created_at` ON `orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `refs` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`json` text NOT NULL,
	`fetched_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
