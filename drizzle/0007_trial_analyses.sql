CREATE TABLE `trial_analyses` (
	`trial_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`classification` text NOT NULL,
	`findings` text NOT NULL,
	`analyzed_at` text NOT NULL,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action
);
