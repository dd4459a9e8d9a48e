DROP INDEX `orders_number`;--> statement-breakpoint
DROP INDEX `orders_created_at`;