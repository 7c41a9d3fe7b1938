import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Content tokens (Apple Apps and Books `.vpptoken` locations) as catalog entities:
       * one `Resource` of type `apple-vpp-token` per token registered in the vpp backend.
       *
       * The provider also refreshes as soon as the vpp backend publishes a
       * `vpp.token.changed` event, so the schedule is only a safety net.
       */
      vppTokens?: {
        /**
         * How often all tokens are read from the vpp backend.
         *
         * @default \{ frequency: \{ minutes: 30 \}, timeout: \{ minutes: 5 \} \}
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
