export interface Config {
  vpp?: {
    /**
     * Who may do what in VPP for Backstage (the `vpp-policy` permission module; needs
     * `permission.enabled: true`). Administrators may do every `vpp.*` action; everyone
     * else reads and changes only what their groups own: tokens by owner, devices by group
     * (and its subgroups), and registers tokens only for their own groups. Permissions of
     * other plugins are allowed.
     */
    permissions?: {
      /**
       * Users or groups (entity refs such as `user:default/jane.doe` or
       * `group:default/it-admins`) allowed every `vpp.*` action. Members of a listed group
       * are administrators.
       * @default []
       */
      admins?: string[];
      /**
       * When true, everyone signed in may read every token, device and the like, not only
       * their groups'; changes still need ownership.
       * @default false
       */
      everyoneCanRead?: boolean;
    };
  };
}
