import { createDcganTask } from './dcgan-task';
import { serveGradTask } from './grad-worker';

// Worker entry for the DCGAN-like bench/test task: tsx runs it directly; the app would bundle it.
void serveGradTask(createDcganTask);
