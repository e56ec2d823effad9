CREATE TABLE `task_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`revision` integer NOT NULL,
	`settings` text NOT NULL,
	`changes` text NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_revisions_task_rev_idx` ON `task_revisions` (`task_id`,`revision`);